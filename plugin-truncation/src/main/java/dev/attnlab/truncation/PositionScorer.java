package dev.attnlab.truncation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Gives every position of a context a score; higher scores are kept first. One implementation per
 * variant; the baselines are expressed as scores too, so that every variant goes through the same
 * selection (same budget arithmetic, same protection rules).
 */
interface PositionScorer {

    /** One finite score per position of {@code context} (non-empty). */
    double[] score(int[] context);

    /** Keeps the earliest tokens. */
    static PositionScorer head() {
        return context -> {
            double[] s = new double[context.length];
            Arrays.setAll(s, i -> -i);
            return s;
        };
    }

    /** Keeps the latest tokens. */
    static PositionScorer tail() {
        return context -> {
            double[] s = new double[context.length];
            Arrays.setAll(s, i -> i);
            return s;
        };
    }

    /**
     * A random subset, reproducible: the generator is seeded from the experiment seed and the context
     * itself, so the same input gives the same subset whatever order inputs arrive in.
     */
    static PositionScorer random(long seed) {
        return context -> {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + Arrays.hashCode(context));
            double[] s = new double[context.length];
            Arrays.setAll(s, i -> random.nextDouble());
            return s;
        };
    }

    /**
     * A blend {@code (1 - w) a / mean(a) + w b / mean(b)}. Dividing by the mean over the context puts
     * dictionary means (typical over many windows) and this input's scores on the same scale.
     */
    static PositionScorer mix(PositionScorer a, PositionScorer b, double weightOfB) {
        return context -> {
            double[] x = normalised(a.score(context));
            double[] y = normalised(b.score(context));
            double[] s = new double[context.length];
            Arrays.setAll(s, i -> (1 - weightOfB) * x[i] + weightOfB * y[i]);
            return s;
        };
    }

    private static double[] normalised(double[] scores) {
        double mean = Arrays.stream(scores).average().orElse(0);
        if (mean <= 0) {
            return new double[scores.length];
        }
        return Arrays.stream(scores).map(v -> v / mean).toArray();
    }
}
