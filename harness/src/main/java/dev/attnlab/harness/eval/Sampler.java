package dev.attnlab.harness.eval;

import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates a continuation through {@link MethodUnderTest#continuationLogits} only, so that strategies
 * and compressors are sampled the same way: greedy (temperature 0, lowest index on ties) or with
 * temperature and nucleus (top-p) sampling from a seeded generator.
 */
final class Sampler {

    private Sampler() {
    }

    static int[] generate(MethodUnderTest method, int[] prompt, int maxNew, double temperature, double topP,
                          long seed, int stopToken) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[0];
        for (int step = 0; step < maxNew; step++) {
            // The last continuation slot is a placeholder: its row predicts the next token.
            int[] continuation = Arrays.copyOf(out, out.length + 1);
            FloatTensor logits = method.continuationLogits(prompt, continuation);
            LogProbs.checkShape(logits, continuation.length, method.label());
            double[] logp = LogProbs.logSoftmax(logits, out.length);
            int token = temperature == 0 ? LogProbs.argmax(logp) : sample(logp, temperature, topP, random);
            out = Arrays.copyOf(out, out.length + 1);
            out[out.length - 1] = token;
            if (token == stopToken) {
                break;
            }
        }
        return out;
    }

    /** Draws from softmax(logp / temperature) restricted to the smallest set of top tokens with mass >= topP. */
    static int sample(double[] logp, double temperature, double topP, SplittableRandom random) {
        int n = logp.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logp) {
            max = Math.max(max, v);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp((logp[j] - max) / temperature);
            sum += p[j];
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
            p[j] /= sum;
        }
        Arrays.sort(order, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int kept = 0;
        double mass = 0;
        while (kept < n && (kept == 0 || mass < topP)) {
            mass += p[order[kept++]];
        }
        double u = random.nextDouble() * mass;
        double acc = 0;
        for (int i = 0; i < kept; i++) {
            acc += p[order[i]];
            if (u < acc) {
                return order[i];
            }
        }
        return order[kept - 1];
    }
}
