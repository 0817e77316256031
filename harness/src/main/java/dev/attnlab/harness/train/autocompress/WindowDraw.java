package dev.attnlab.harness.train.autocompress;

import java.util.SplittableRandom;

/** Seeded training windows from a corpus: step i always gets the same windows (so resuming is exact). */
final class WindowDraw {

    private final int[] corpus;
    private final int length;
    private final long seed;
    private final int alignment;

    WindowDraw(int[] corpus, int length, long seed) {
        this(corpus, length, seed, 1);
    }

    /** Windows that start at multiples of {@code alignment} (the document length, for aligned documents). */
    WindowDraw(int[] corpus, int length, long seed, int alignment) {
        if (corpus.length < length) {
            throw new IllegalArgumentException("the corpus has " + corpus.length + " tokens, fewer than one window of "
                    + length);
        }
        this.corpus = corpus;
        this.length = length;
        this.seed = seed;
        if (alignment < 1) {
            throw new IllegalArgumentException("window alignment must be >= 1, was " + alignment);
        }
        this.alignment = alignment;
    }

    /** {@code count} windows flattened as {@code [count, length]}. */
    int[] windows(int step, int count) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
        int[] out = new int[count * length];
        for (int w = 0; w < count; w++) {
            int start = alignment * random.nextInt((corpus.length - length) / alignment + 1);
            System.arraycopy(corpus, start, out, w * length, length);
        }
        return out;
    }
}
