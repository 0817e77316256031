package dev.attnlab.harness.runtime;

import dev.attnlab.api.model.GenerationOptions;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from logits: greedy at temperature 0, else temperature and nucleus (top-p) sampling. */
final class TokenSampler {

    private final double temperature;
    private final double topP;
    private final SplittableRandom random;

    TokenSampler(GenerationOptions options) {
        this.temperature = options.temperature();
        this.topP = options.topP();
        this.random = new SplittableRandom(options.seed());
    }

    int next(float[] logits) {
        if (temperature == 0) {
            return argmax(logits);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Highest probability first; ties by index so the order is deterministic.
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = 0;
        double mass = 0;
        while (keep < order.length && (keep == 0 || mass < topP * sum)) {
            mass += p[order[keep++]];
        }
        double u = random.nextDouble() * mass;
        for (int i = 0; i < keep; i++) {
            u -= p[order[i]];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
