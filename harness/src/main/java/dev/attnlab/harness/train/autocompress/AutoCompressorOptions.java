package dev.attnlab.harness.train.autocompress;

import java.util.Arrays;

/**
 * What the AutoCompressor trainer learns and how it cuts windows; the optimizer schedule, window length,
 * seed and checkpoint come from {@link dev.attnlab.harness.train.TrainConfig}.
 *
 * @param summaryVectors kappa, summary tokens (and vectors) per segment
 * @param segments       explicit segment lengths summing to the window length, or empty for random segmenting
 * @param randomSegments for random segmenting: segments per window (lengths drawn per step, seeded)
 * @param minSegment     for random segmenting: the shortest segment
 * @param accumulate     whether a segment reads the summaries of all earlier segments (else the previous one's)
 * @param stopGradient   whether summaries older than the previous segment's reach later segments detached, so
 *                       a loss back-propagates into the compression step just before it and no further back
 *                       through the accumulated copies (the original's memory-saving option)
 * @param klWeight       weight of KL(full-context model || summary-conditioned model) on the scored tokens,
 *                       added to the next-token loss (0 = next-token loss only)
 * @param initNoise      std of the seeded Gaussian noise added to the mean token embedding at initialisation
 * @param baseLearningRate the AdamW learning rate of the base model's weights, tuned alongside the summary
 *                       tokens (the original fine-tunes the whole model); 0 keeps the base frozen. The token
 *                       embedding and classifier tables stay frozen either way (the rollout looks token
 *                       embeddings up outside the graph).
 */
public record AutoCompressorOptions(int summaryVectors, int[] segments, int randomSegments, int minSegment,
                                    boolean accumulate, boolean stopGradient, double klWeight, double initNoise,
                                    double baseLearningRate) {

    /** The tensor name of the summary-token embeddings {@code [summaryVectors, dim]} in checkpoints. */
    public static final String TENSOR = "autocompressor.summary_embeddings";

    public AutoCompressorOptions {
        segments = segments == null ? new int[0] : segments.clone();
        if (summaryVectors < 1) {
            throw new IllegalArgumentException("summary_vectors must be >= 1, was " + summaryVectors);
        }
        if (segments.length == 1 || Arrays.stream(segments).anyMatch(s -> s < 2)) {
            throw new IllegalArgumentException("explicit segments need at least 2 lengths of at least 2 tokens; got "
                    + Arrays.toString(segments));
        }
        if (segments.length == 0 && (randomSegments < 2 || minSegment < 2)) {
            throw new IllegalArgumentException("random segmenting needs random_segments >= 2 and min_segment >= 2; "
                    + "got " + randomSegments + ", " + minSegment);
        }
        if (klWeight < 0 || initNoise < 0 || baseLearningRate < 0) {
            throw new IllegalArgumentException("kl_weight, init_noise and base_learning_rate must be >= 0; got "
                    + klWeight + ", " + initNoise + ", " + baseLearningRate);
        }
    }

    /** With the base model frozen. */
    public AutoCompressorOptions(int summaryVectors, int[] segments, int randomSegments, int minSegment,
                                 boolean accumulate, boolean stopGradient, double klWeight, double initNoise) {
        this(summaryVectors, segments, randomSegments, minSegment, accumulate, stopGradient, klWeight, initNoise, 0);
    }

    /** These options with the base model tuned at {@code learningRate} (0 = frozen). */
    public AutoCompressorOptions withBaseLearningRate(double learningRate) {
        return new AutoCompressorOptions(summaryVectors, segments, randomSegments, minSegment, accumulate,
                stopGradient, klWeight, initNoise, learningRate);
    }

    /** Whether the base model's weights train too. */
    public boolean tunesBase() {
        return baseLearningRate > 0;
    }

    /** Fixed segments of the given lengths, accumulating, with stop-gradient, no KL. */
    public static AutoCompressorOptions fixed(int summaryVectors, int... segments) {
        return new AutoCompressorOptions(summaryVectors, segments, 0, 0, true, true, 0, 0.02);
    }

    @Override
    public int[] segments() {
        return segments.clone();
    }

    @Override
    public String toString() {
        return "AutoCompressorOptions[summary_vectors=" + summaryVectors + ", segments=" + Arrays.toString(segments)
                + ", random_segments=" + randomSegments + ", min_segment=" + minSegment + ", accumulate="
                + accumulate + ", stop_gradient=" + stopGradient + ", kl_weight=" + klWeight + ", init_noise="
                + initNoise + ", base_learning_rate=" + baseLearningRate + "]";
    }
}
