package dev.attnlab.truncation;

import dev.attnlab.truncation.dictionary.AttentionDictionary;

/** Scores a position by its token's dictionary score, with the configured fallback for unseen tokens. */
final class DictionaryScorer implements PositionScorer {

    private final double[] table;

    DictionaryScorer(AttentionDictionary dictionary, UnseenPolicy unseen, double priorStrength) {
        int vocab = dictionary.vocabSize();
        double g = dictionary.globalMean();
        table = new double[vocab];
        for (int id = 0; id < vocab; id++) {
            long n = dictionary.count(id);
            double sum = n == 0 ? 0 : dictionary.mean(id) * n;
            table[id] = switch (unseen) {
                case GLOBAL_MEAN -> n == 0 ? g : sum / n;
                case ZERO -> n == 0 ? 0 : sum / n;
                case PRIOR -> (sum + priorStrength * g) / (n + priorStrength);
            };
            if (Double.isNaN(table[id])) {
                // prior_strength 0 on an unseen token: no evidence and no prior, so use the global mean
                table[id] = g;
            }
        }
    }

    /** The score of token {@code id}. */
    double scoreOf(int id) {
        return table[id];
    }

    @Override
    public double[] score(int[] context) {
        double[] s = new double[context.length];
        for (int i = 0; i < context.length; i++) {
            int id = context[i];
            if (id < 0 || id >= table.length) {
                throw new IllegalArgumentException("context position " + i + " holds token id " + id
                        + ", outside the dictionary's vocabulary [0, " + table.length + ")");
            }
            s[i] = table[id];
        }
        return s;
    }
}
