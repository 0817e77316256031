/**
 * Attention methods that let each query see only some of the keys: fixed windows ({@code sliding-window},
 * {@code window} with attention sinks) and a learned sparse selection under a key budget
 * ({@code learned-mask}). All keep their state small or their per-query work bounded, and all are
 * written against the tensor-op API only.
 */
module dev.attnlab.learnedmask {
    requires dev.attnlab.api;

    provides dev.attnlab.api.attention.AttentionStrategy with
            dev.attnlab.learnedmask.SlidingWindowStrategy,
            dev.attnlab.learnedmask.WindowStrategy,
            dev.attnlab.learnedmask.LearnedMaskStrategy;
}
