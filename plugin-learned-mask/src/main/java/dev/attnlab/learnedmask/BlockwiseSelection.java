package dev.attnlab.learnedmask;

import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.tensor.TopK;

/**
 * learned-mask with one key selection per block of consecutive queries, so that neither the scores nor
 * the gathered keys grow with T x S.
 *
 * <p>For block b (queries at positions {@code first_b..last_b}, at most {@code size} of them) and each
 * head: the score of key j is the mean of the block's projected queries dotted with the key's projection
 * (or, with {@code maxScore}, the best of the block's queries' scores), {@code [B, H, N, S]} in all. The
 * block always keeps its local keys: its own and the {@code local - 1} before its first query (so each of
 * its queries keeps itself and its {@code local} most recent keys), then the best-scored keys up to
 * {@code last_b}, K_b in all, where K_b is the budget of the block's last query (keys per query, as in
 * per-query mode), raised to the number of local keys when smaller. The chosen keys and values are
 * gathered once per block ({@code [B, H, N, K, D]}) and the block's queries attend to them
 * ({@code [B, H, N, size, K]}); a chosen key after a query's position is masked for that query, so a
 * query at offset o of its block sees K_b minus the block's keys after it.
 *
 * <p>Training stays dense (O(T S), like the per-query relaxation) with each query gated by its block's
 * threshold: {@code log sigmoid((s_bj - t_b) / tau)}, {@code t_b} the K_b-th ranking value of block b, so
 * the keys a gate lets through (gate above 1/2) are exactly the keys inference gathers for the block.
 */
final class BlockwiseSelection {

    private final LearnedMaskAttention method;
    private final long queryBlock;
    private final boolean maxScore;

    /**
     * @param maxScore score a key by its best score over the block's queries instead of by the mean query:
     *                 closer to each query's own choice, but it computes the {@code [B, H, T, S]} per-query
     *                 scores (at rank r) before reducing them to {@code [B, H, N, S]}
     */
    BlockwiseSelection(LearnedMaskAttention method, long queryBlock, boolean maxScore) {
        this.method = method;
        this.queryBlock = queryBlock;
        this.maxScore = maxScore;
    }

    /**
     * @param keyPositions     int64 {@code [S]}
     * @param keys             {@code [B, H, S, D]} (heads repeated)
     * @param values           {@code [B, H, S, D]}
     * @param projectedQueries {@code [B, H, T, r]}
     * @param scoreKeys        {@code [B, H, S, r]}
     */
    AttentionResult attend(TensorOps ops, AttentionInputs in, Tensor keyPositions, Tensor keys, Tensor values,
                           Tensor projectedQueries, Tensor scoreKeys) {
        QueryBlocks blocks = QueryBlocks.of(ops, in.positions(), queryBlock);
        Tensor keysT = ops.transpose(scoreKeys, 0, 1, 3, 2);
        Tensor scores = maxScore ? maxScores(ops, blocks, projectedQueries, keysT)
                : ops.matmul(meanQuery(ops, blocks, projectedQueries), keysT);

        Tensor keyRow = ops.unsqueeze(keyPositions, 0);
        Tensor visible = ops.lessOrEqual(keyRow, blocks.last(ops));
        // distance to the block's first query: negative inside the block, whose keys are always kept
        Tensor distance = ops.sub(blocks.first(ops), keyRow);
        Tensor isLocal = ops.and(visible, ops.less(distance, ops.scalarLong(Math.max(method.local(), 1))));
        Tensor ranking = LearnedMaskAttention.ranking(ops, visible, isLocal,
                ops.max(distance, ops.scalarLong(0)), scores);

        // K_b: the budget of the block's last query, never fewer than the local keys (so all of them are kept)
        Tensor visibleCount = ops.reduceSum(ops.cast(visible, DType.INT64), false, 1);
        Tensor localCount = ops.reduceSum(ops.cast(isLocal, DType.INT64), false, 1);
        Tensor perBlock = ops.max(method.rowBudget(ops, visibleCount), localCount);
        Tensor slots = ops.reduceMax(perBlock, true, 0);
        TopK top = ops.topK(ranking, slots, -1);
        if (ops.isTraining()) {
            Tensor causal = AttentionMath.causalMask(ops, in.positions(), keyPositions);
            Tensor logGate = blocks.perQuery(ops, method.logGates(ops, ranking, top, perBlock));
            return LearnedMaskAttention.relaxed(ops, in, keys, values, causal, logGate);
        }

        Tensor chosenKeys = LearnedMaskAttention.gatherRows(ops, keys, top.indices());
        Tensor chosenValues = LearnedMaskAttention.gatherRows(ops, values, top.indices());
        // [B, H, N, size, K]: slot in the block's budget and key not after the query
        Tensor chosenPositions = ops.unsqueeze(ops.gather(keyPositions, top.indices(), 0), 3);
        Tensor causal = ops.lessOrEqual(chosenPositions, ops.unsqueeze(blocks.positions(), 2));
        Tensor slotUsed = ops.unsqueeze(LearnedMaskAttention.slotsUsed(ops, slots, perBlock), 1);
        Tensor mask = ops.and(causal, slotUsed);
        Tensor queries = blocks.split(ops, in.query());
        if (ops.wantsAttentionProbabilities()) {
            Tensor p = ops.attentionProbabilities(queries, chosenKeys, mask, in.scale());
            Tensor out = blocks.join(ops, ops.matmul(p, chosenValues));
            Tensor denseShape = ops.concat(0, ops.slice(ops.shape(p), 0, 0, 4), ops.dim(keys, 2));
            Tensor slotsPerQuery = ops.expand(ops.unsqueeze(top.indices(), 3), ops.shape(p));
            Tensor dense = ops.scatterElements(ops.expand(ops.scalar(0f), denseShape), slotsPerQuery, p, -1);
            return new AttentionResult(out, blocks.join(ops, dense));
        }
        return AttentionResult.of(blocks.join(ops, ops.attention(queries, chosenKeys, chosenValues, mask, in.scale())));
    }

    /** The mean projected query of each block, {@code [B, H, N, r]} (zero padding adds nothing to the sum). */
    private static Tensor meanQuery(TensorOps ops, QueryBlocks blocks, Tensor projectedQueries) {
        return ops.div(ops.reduceSum(blocks.split(ops, projectedQueries), false, 3),
                ops.unsqueeze(ops.cast(blocks.realCount(ops), DType.FLOAT32), 1));
    }

    /**
     * Each key's best score over the block's real queries, {@code [B, H, N, S]}, from {@code [B, H, N, size, S]}.
     * Padding repeats the last query, so it cannot change a maximum; masking padded rows instead would hold
     * a second {@code [B, H, T, S]} tensor, as large as full attention's scores.
     */
    private static Tensor maxScores(TensorOps ops, QueryBlocks blocks, Tensor projectedQueries, Tensor keysT) {
        return ops.reduceMax(ops.matmul(blocks.splitRepeatingLast(ops, projectedQueries), ops.unsqueeze(keysT, 2)),
                false, 3);
    }
}
