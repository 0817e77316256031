package dev.attnlab.harness.model;

import dev.attnlab.api.tensor.FloatTensor;

/** Looks up embedding-table rows on the heap, as the graph's Gather does. */
final class Embeddings {

    private Embeddings() {
    }

    static FloatTensor rows(FloatTensor table, int[] tokens, String source) {
        int vocab = (int) table.dim(0);
        int dim = (int) table.dim(1);
        float[] out = new float[tokens.length * dim];
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t] < 0 || tokens[t] >= vocab) {
                throw new IllegalArgumentException("token id " + tokens[t] + " at index " + t
                        + " is outside the vocabulary 0.." + (vocab - 1) + " of " + source);
            }
            System.arraycopy(table.data(), tokens[t] * dim, out, t * dim, dim);
        }
        return new FloatTensor(new long[] {tokens.length, dim}, out);
    }
}
