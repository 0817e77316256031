package dev.attnlab.learnedmask;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;

/**
 * A run's T queries cut into N blocks of {@code size = min(queryBlock, T)} consecutive queries, the last
 * block padded to full size; everything is computed in the graph, since T is known only at run time.
 * With T = 1 (a decode step) there is one block holding the one query, so block selection is then
 * per-query selection.
 *
 * <p>Padded query slots copy the last real query's position (so they never see more than it) and are
 * dropped by {@link #join}; they cost at most {@code size - 1} extra query rows per run.
 *
 * @param tokens    T, int64 {@code [1]}
 * @param size      queries per block, int64 {@code [1]}
 * @param count     N = ceil(T / size), int64 {@code [1]}
 * @param padding   N size - T, int64 {@code [1]}
 * @param positions absolute query positions by block, int64 {@code [N, size]}
 * @param real      true for real (not padded) query slots, bool {@code [N, size]}
 */
record QueryBlocks(Tensor tokens, Tensor size, Tensor count, Tensor padding, Tensor positions, Tensor real) {

    private static final long[] ONE = {1};

    /** Blocks of at most {@code queryBlock} of the run's queries at {@code queryPositions} (int64 {@code [T]}). */
    static QueryBlocks of(TensorOps ops, Tensor queryPositions, long queryBlock) {
        Tensor tokens = ops.dim(queryPositions, 0);
        Tensor one = ops.constantLongs(ONE, 1);
        Tensor size = ops.min(tokens, ops.constantLongs(new long[] {queryBlock}, 1));
        // int64 division truncates (ONNX Div), so this is the ceiling of T / size
        Tensor count = ops.div(ops.sub(ops.add(tokens, size), one), size);
        Tensor padded = ops.mul(count, size);
        Tensor padding = ops.sub(padded, tokens);
        Tensor grid = ops.concat(0, count, size);
        Tensor last = ops.slice(queryPositions, 0, -1, Long.MAX_VALUE);
        Tensor positions = ops.reshape(ops.concat(0, queryPositions, ops.expand(last, padding)), grid);
        Tensor real = ops.reshape(ops.less(ops.range(ops.scalarLong(0), padded), tokens), grid);
        return new QueryBlocks(tokens, size, count, padding, positions, real);
    }

    /** Real queries per block, int64 {@code [N]}. */
    Tensor realCount(TensorOps ops) {
        return ops.reduceSum(ops.cast(real, DType.INT64), false, 1);
    }

    /** Position of each block's first query, int64 {@code [N, 1]}. */
    Tensor first(TensorOps ops) {
        return ops.slice(positions, 1, 0, 1);
    }

    /** Position of each block's last real query, int64 {@code [N, 1]} (padding repeats it). */
    Tensor last(TensorOps ops) {
        return ops.reduceMax(positions, true, 1);
    }

    /** {@code x [B, H, T, F]} as {@code [B, H, N, size, F]}, zero rows after the last query. */
    Tensor split(TensorOps ops, Tensor x) {
        return split(ops, x, ops.scalar(0f));
    }

    /** {@code x [B, H, T, F]} as {@code [B, H, N, size, F]}, copies of the last query's row after it. */
    Tensor splitRepeatingLast(TensorOps ops, Tensor x) {
        return split(ops, x, ops.slice(x, 2, -1, Long.MAX_VALUE));
    }

    private Tensor split(TensorOps ops, Tensor x, Tensor fill) {
        Tensor shape = ops.shape(x);
        Tensor lead = ops.slice(shape, 0, 0, 2);
        Tensor width = ops.slice(shape, 0, 3, 4);
        Tensor rows = ops.expand(fill, ops.concat(0, lead, padding, width));
        return ops.reshape(ops.concat(2, x, rows), ops.concat(0, lead, count, size, width));
    }

    /** {@code x [B, H, N, size, F]} back to {@code [B, H, T, F]}, the padding dropped. */
    Tensor join(TensorOps ops, Tensor x) {
        Tensor shape = ops.shape(x);
        Tensor rows = ops.concat(0, ops.slice(shape, 0, 0, 2), ops.constantLongs(new long[] {-1}, 1),
                ops.slice(shape, 0, 4, 5));
        return ops.slice(ops.reshape(x, rows), 2, ops.constantLongs(new long[] {0}, 1), tokens);
    }

    /** {@code x [B, H, N, F]} repeated for each query of its block, {@code [B, H, T, F]}. */
    Tensor perQuery(TensorOps ops, Tensor x) {
        Tensor shape = ops.shape(x);
        Tensor blocks = ops.concat(0, ops.slice(shape, 0, 0, 3), size, ops.slice(shape, 0, 3, 4));
        return join(ops, ops.expand(ops.unsqueeze(x, 3), blocks));
    }
}
