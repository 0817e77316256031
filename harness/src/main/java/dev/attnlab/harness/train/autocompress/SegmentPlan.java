package dev.attnlab.harness.train.autocompress;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Cuts a window into segments: the explicit lengths, or seeded random lengths (the same for a given step). */
final class SegmentPlan {

    private final AutoCompressorOptions options;
    private final long seed;

    SegmentPlan(AutoCompressorOptions options, long seed) {
        this.options = options;
        this.seed = seed;
    }

    /** The segment lengths of a window of {@code length} tokens at step {@code step}; they sum to {@code length}. */
    int[] lengths(int length, int step) {
        int[] fixed = options.segments();
        if (fixed.length > 0) {
            if (Arrays.stream(fixed).sum() != length) {
                throw new IllegalArgumentException("segments " + Arrays.toString(fixed) + " sum to "
                        + Arrays.stream(fixed).sum() + " but windows have " + length + " tokens");
            }
            return fixed;
        }
        int count = options.randomSegments();
        int min = options.minSegment();
        if (count * min > length) {
            throw new IllegalArgumentException(count + " segments of at least " + min + " tokens do not fit a window "
                    + "of " + length);
        }
        // Spread the slack over the segments by sorted random cut points: uniform over compositions.
        SplittableRandom random = new SplittableRandom(seed * 7_919L + step);
        int slack = length - count * min;
        int[] cuts = new int[count - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = random.nextInt(slack + 1);
        }
        Arrays.sort(cuts);
        int[] out = new int[count];
        int previous = 0;
        for (int i = 0; i < count; i++) {
            int cut = i < cuts.length ? cuts[i] : slack;
            out[i] = min + cut - previous;
            previous = cut;
        }
        return out;
    }
}
