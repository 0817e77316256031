package dev.attnlab.api.attention;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/**
 * A layer's key/value cache kept as state between runs: the keys, values and their absolute positions
 * seen so far. {@link #append} returns the cache with the new entries added and records the next state;
 * a strategy that keeps fewer keys (a window) trims before calling {@link #store}.
 *
 * @param keys      {@code [batch, kvHeads, S, headDim]}
 * @param values    {@code [batch, kvHeads, S, headDim]}
 * @param positions int64 {@code [S]}
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record KvCache(Tensor keys, Tensor values, Tensor positions) {

    /** State names, under the layer's namespace. */
    public static final String KEYS = "cache.keys";
    public static final String VALUES = "cache.values";
    public static final String POSITIONS = "cache.positions";

    /** The cache as it was after the previous run (empty on the first run). */
    public static KvCache load(TensorOps ops, AttentionContext c) {
        Dim past = Dim.symbol("past_" + c.layer());
        Tensor k = ops.stateInput(c.name(KEYS), DType.FLOAT32, Dim.BATCH, Dim.of(c.kvHeads()), past, Dim.of(c.headDim()));
        Tensor v = ops.stateInput(c.name(VALUES), DType.FLOAT32, Dim.BATCH, Dim.of(c.kvHeads()), past, Dim.of(c.headDim()));
        Tensor p = ops.stateInput(c.name(POSITIONS), DType.INT64, past);
        return new KvCache(k, v, p);
    }

    /** This cache with the run's new keys, values and positions appended (not yet stored). */
    public KvCache plus(TensorOps ops, AttentionInputs in) {
        return new KvCache(ops.concat(2, keys, in.key()), ops.concat(2, values, in.value()),
                ops.concat(0, positions, in.positions()));
    }

    /** Records this cache as the state the next run starts from. */
    public void store(TensorOps ops, AttentionContext c) {
        ops.stateOutput(c.name(KEYS), keys);
        ops.stateOutput(c.name(VALUES), values);
        ops.stateOutput(c.name(POSITIONS), positions);
    }

    /** The most recent {@code n} entries (all when fewer). */
    public KvCache lastEntries(TensorOps ops, long n) {
        return new KvCache(ops.slice(keys, 2, -n, Long.MAX_VALUE), ops.slice(values, 2, -n, Long.MAX_VALUE),
                ops.slice(positions, 0, -n, Long.MAX_VALUE));
    }

    /** Load, append the new entries, store everything: what full attention does. */
    public static KvCache append(TensorOps ops, AttentionInputs in) {
        KvCache all = load(ops, in.context()).plus(ops, in);
        all.store(ops, in.context());
        return all;
    }
}
