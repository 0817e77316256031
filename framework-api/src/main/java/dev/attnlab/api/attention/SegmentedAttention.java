package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;

/**
 * A layer attention that processes the sequence in fixed segments and whose runs must not cross a
 * segment boundary: every run's tokens lie in one segment {@code [n * segmentLength(), (n + 1) *
 * segmentLength())}. Such a strategy keeps per-segment state (e.g. a compressive memory updated when a
 * segment is complete) that a graph with a dynamic run length cannot unroll over several segments.
 *
 * <p>The runtime reads {@link #segmentLength()} and feeds long inputs in runs that end at multiples of
 * it (a prefill of 1000 tokens with segment 256 becomes runs of 256, 256, 256 and 232; decoding then
 * continues one token at a time). When layers disagree, runs end at every layer's boundaries.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public interface SegmentedAttention extends LayerAttention {

    /** The segment length in tokens, at least 1. */
    int segmentLength();
}
