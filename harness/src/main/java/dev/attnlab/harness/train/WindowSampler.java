package dev.attnlab.harness.train;

import java.util.SplittableRandom;

/** Draws training windows at seeded random offsets of a token corpus; step i always gets the same windows. */
final class WindowSampler {

    private final int[] corpus;
    private final int length;
    private final long seed;

    WindowSampler(int[] corpus, int length, long seed) {
        if (corpus.length < length) {
            throw new IllegalArgumentException("the training corpus has " + corpus.length
                    + " tokens, fewer than one window of " + length);
        }
        this.corpus = corpus;
        this.length = length;
        this.seed = seed;
    }

    /** The windows of step {@code step}, flattened row-major as {@code [count, length]}. */
    long[] windows(int step, int count) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
        long[] out = new long[count * length];
        for (int w = 0; w < count; w++) {
            int start = random.nextInt(corpus.length - length + 1);
            for (int i = 0; i < length; i++) {
                out[w * length + i] = corpus[start + i];
            }
        }
        return out;
    }
}
