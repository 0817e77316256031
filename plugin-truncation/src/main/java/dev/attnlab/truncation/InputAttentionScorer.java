package dev.attnlab.truncation;

import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.truncation.dictionary.ReceivedAttention;
import java.util.Arrays;

/**
 * Scores each position by the attention it receives when the model reads this input. Inputs longer
 * than the window are read in consecutive chunks of at most {@code window} tokens (attention
 * probabilities grow with the square of the length), each chunk scored on its own.
 */
final class InputAttentionScorer implements PositionScorer {

    private final LanguageModel model;
    private final int window;

    InputAttentionScorer(LanguageModel model, int window) {
        this.model = model;
        int max = model.info().maxContext();
        this.window = max > 0 ? Math.min(window, max) : window;
    }

    @Override
    public double[] score(int[] context) {
        double[] s = new double[context.length];
        for (int start = 0; start < context.length; start += window) {
            int end = Math.min(context.length, start + window);
            double[] chunk = ReceivedAttention.measure(model, Arrays.copyOfRange(context, start, end));
            System.arraycopy(chunk, 0, s, start, chunk.length);
        }
        return s;
    }
}
