/**
 * Infini-attention: local causal attention within fixed segments, mixed by a learned per-head gate with
 * retrieval from a compressive memory that summarises all earlier segments in constant space.
 */
module dev.attnlab.infini {
    requires dev.attnlab.api;

    provides dev.attnlab.api.attention.AttentionStrategy with dev.attnlab.infini.InfiniStrategy;
}
