package dev.attnlab.api.compress;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;

/** A compressed context: either fewer token ids, or soft-prompt vectors. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public sealed interface CompressedContext {

    /** How many model positions the compressed context occupies. */
    int length();

    /** The kept token ids, in their original order. */
    record Tokens(int[] ids) implements CompressedContext {
        @Override
        public int length() {
            return ids.length;
        }
    }

    /** Vectors {@code [n, dim]} that the model reads as input embeddings before the continuation. */
    record SoftPrompt(FloatTensor vectors) implements CompressedContext {
        public SoftPrompt {
            if (vectors.rank() != 2) {
                throw new IllegalArgumentException("a soft prompt is [n, dim], got " + vectors);
            }
        }

        @Override
        public int length() {
            return (int) vectors.dim(0);
        }
    }
}
