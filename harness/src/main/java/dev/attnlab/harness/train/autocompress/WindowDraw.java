package dev.attnlab.harness.train.autocompress;

import java.util.SplittableRandom;

/** Seeded training windows from a corpus: step i always gets the same windows (so resuming is exact). */
final class WindowDraw {

    private final int[] corpus;
    private final int length;
    private final long seed;

    WindowDraw(int[] corpus, int length, long seed) {
        if (corpus.length < length) {
            throw new IllegalArgumentException("the corpus has " + corpus.length + " tokens, fewer than one window of "
                    + length);
        }
        this.corpus = corpus;
        this.length = length;
        this.seed = seed;
    }

    /** {@code count} windows flattened as {@code [count, length]}. */
    int[] windows(int step, int count) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
        int[] out = new int[count * length];
        for (int w = 0; w < count; w++) {
            System.arraycopy(corpus, random.nextInt(corpus.length - length + 1), out, w * length, length);
        }
        return out;
    }
}
