package dev.attnlab.api.compress;

import dev.attnlab.api.ApiStatus;

/** A compressor prepared for one model; see {@link Compressor}. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface ContextCompressor {

    /**
     * Compresses {@code context} to fit {@code budget}.
     *
     * @param context        token ids; may be empty
     * @param budget         how much to keep; a soft-prompt method may read it as its vector count
     * @param protectedTail  the number of final tokens that must survive unchanged (e.g. the question)
     * @throws IllegalArgumentException if the budget is smaller than the protected tail
     */
    CompressedContext compress(int[] context, Budget budget, int protectedTail);
}
