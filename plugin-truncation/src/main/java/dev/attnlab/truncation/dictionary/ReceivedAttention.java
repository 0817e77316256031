package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import java.util.List;

/**
 * How much attention each position of a sequence receives: for key position k of a causal model, the
 * mean of {@code A[layer][head][q][k]} over all layers, all heads and the queries {@code q >= k} that can
 * see it. This is the per-position score the method is built on.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class ReceivedAttention {

    private ReceivedAttention() {
    }

    /** Runs {@code model} over {@code tokens} (at least one) and returns one score per position. */
    public static double[] measure(LanguageModel model, int[] tokens) {
        ForwardResult result = model.forward(ForwardRequest.of(tokens).withAttention());
        return fromAttention(result.attention(), tokens.length, model.info().name());
    }

    /**
     * The scores from per-layer attention probabilities {@code [heads, T, T]} (query rows, key columns).
     *
     * @param modelName for messages about attention of the wrong shape
     */
    public static double[] fromAttention(List<FloatTensor> layers, int length, String modelName) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalStateException("model '" + modelName + "' returned no attention probabilities for a "
                    + "forward pass with withAttention(); attention truncation needs a model that returns them");
        }
        double[] received = new double[length];
        long heads = 0;
        for (int layer = 0; layer < layers.size(); layer++) {
            FloatTensor a = layers.get(layer);
            if (a.rank() != 3 || a.dim(1) != length || a.dim(2) != length) {
                throw new IllegalStateException("model '" + modelName + "' returned attention of shape "
                        + Arrays.toString(a.shape()) + " for layer " + layer + "; expected [heads, " + length + ", "
                        + length + "] for a " + length + "-token input");
            }
            int h = (int) a.dim(0);
            float[] data = a.data();
            for (int head = 0; head < h; head++) {
                int base = head * length * length;
                for (int q = 0; q < length; q++) {
                    int row = base + q * length;
                    for (int k = 0; k <= q; k++) {
                        received[k] += data[row + k];
                    }
                }
            }
            heads += h;
        }
        for (int k = 0; k < length; k++) {
            received[k] /= (double) heads * (length - k);
            if (!Double.isFinite(received[k])) {
                throw new IllegalStateException("model '" + modelName + "' returned non-finite attention "
                        + "(position " + k + " of a " + length + "-token input)");
            }
        }
        return received;
    }
}
