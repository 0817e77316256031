package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;

/**
 * Incremental decoding: each {@link #append} continues the sequence, reusing the state (KV caches,
 * memories) of the earlier calls. Not thread-safe. Close to free native memory.
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface DecodeSession extends AutoCloseable {

    /** Feeds tokens; returns the logits {@code [tokens.length, vocab]} at those positions. */
    FloatTensor append(int[] tokens);

    /** Feeds embeddings {@code [n, dim]} (a soft prompt); returns their logits. */
    FloatTensor appendEmbeddings(FloatTensor embeddings);

    /** Number of positions consumed so far. */
    int position();

    @Override
    void close();
}
