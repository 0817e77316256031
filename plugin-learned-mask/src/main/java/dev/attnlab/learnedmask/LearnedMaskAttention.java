package dev.attnlab.learnedmask;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.tensor.TopK;

/**
 * Attention over a selection of keys: a low-rank score picks them, the attention gathers only them.
 * With {@code queryBlock > 1} each block of consecutive queries shares one selection
 * ({@link BlockwiseSelection}); otherwise every query has its own. See {@link LearnedMaskStrategy} for the
 * method and how it is trained.
 *
 * <p>Shapes: B batch, H query heads, T new tokens, S keys in the cache (earlier runs and this one),
 * D head dimension, r score rank, K the largest budget in the run.
 */
final class LearnedMaskAttention implements LayerAttention {

    /** Parameter names under the layer's namespace: per-head projections {@code [H, D, r]}. */
    static final String SCORE_QUERY = "mask.score.query";
    static final String SCORE_KEY = "mask.score.key";
    /** State: the cache's keys projected for scoring, {@code [B, H, S, r]}, so decode steps score cheaply. */
    static final String SCORE_KEYS = "mask.score.keys";

    /**
     * Ranking value of keys in the local window: above any real score, minus the distance so the most
     * recent win when the budget is smaller than the window. Assumes |score| &lt; 1e7 - local, far beyond
     * what scaled dot products of a trained model reach; exact in float32 for distances below 2^23.
     */
    static final float LOCAL_RANK = 1.0e7f;

    /** Smallest gate kept inside the log, so a closed gate gives a finite logit and a zero gradient. */
    private static final float MIN_GATE = 1.0e-30f;

    private final long budget;
    private final double ratio;
    private final long local;
    private final int rank;
    private final float gateTemperature;
    private final long queryBlock;
    private final boolean maxBlockScore;

    /**
     * @param budget keys per query when positive; otherwise {@code ratio} of the keys a query could see
     * @param ratio  share of keys kept when {@code budget} is 0
     * @param local  most recent keys always kept (counted in the budget)
     * @param rank   width r of the score projections
     * @param gateTemperature tau of the training relaxation's gates, in score units
     * @param queryBlock queries that share one selection in a run of several tokens; 0 or 1 selects per query
     * @param maxBlockScore score a key for a block by its best query score rather than by the mean query
     */
    LearnedMaskAttention(long budget, double ratio, long local, int rank, float gateTemperature, long queryBlock,
                         boolean maxBlockScore) {
        this.budget = budget;
        this.ratio = ratio;
        this.local = local;
        this.rank = rank;
        this.gateTemperature = gateTemperature;
        this.queryBlock = queryBlock;
        this.maxBlockScore = maxBlockScore;
    }

    /** Most recent keys always kept, counted in the budget. */
    long local() {
        return local;
    }

    /** The score projection {@code name}: identity on the first r dimensions, so untrained scores are q.k (r = D). */
    static ParameterSpec projection(AttentionContext c, String name, int rank) {
        return ParameterSpec.trainable(c.name(name), shape -> {
            int heads = (int) shape[0];
            int dim = (int) shape[1];
            int r = (int) shape[2];
            float[] w = new float[heads * dim * r];
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < Math.min(dim, r); i++) {
                    w[(h * dim + i) * r + i] = 1f;
                }
            }
            return w;
        }, c.heads(), c.headDim(), rank);
    }

    @Override
    public AttentionResult attend(TensorOps ops, AttentionInputs in) {
        AttentionContext c = in.context();
        KvCache all = KvCache.append(ops, in);
        Tensor keys = AttentionMath.repeatKv(ops, all.keys(), c);
        Tensor values = AttentionMath.repeatKv(ops, all.values(), c);
        Tensor projectedQueries = projectedQueries(ops, in);
        Tensor scoreKeys = scoreKeys(ops, in);
        if (queryBlock > 1) {
            return new BlockwiseSelection(this, queryBlock, maxBlockScore).attend(ops, in, all.positions(), keys, values,
                    projectedQueries, scoreKeys);
        }
        return perQuery(ops, in, all.positions(), keys, values,
                ops.matmul(projectedQueries, ops.transpose(scoreKeys, 0, 1, 3, 2)));
    }

    /** Every query ranks every key it may see and gathers its own top keys: {@code [B, H, T, K, D]} copies. */
    private AttentionResult perQuery(TensorOps ops, AttentionInputs in, Tensor keyPositions, Tensor keys,
                                     Tensor values, Tensor scores) {
        Tensor causal = AttentionMath.causalMask(ops, in.positions(), keyPositions);
        Tensor distance = Masks.distance(ops, in.positions(), keyPositions);
        Tensor isLocal = ops.and(causal, ops.less(distance, ops.scalarLong(local)));
        Tensor ranking = ranking(ops, causal, isLocal, distance, scores);

        // per-query budget b_i out of the n_i keys query i may see; K = max b_i slots are gathered
        Tensor visibleCount = ops.reduceSum(ops.cast(causal, DType.INT64), false, 1);
        Tensor perQuery = rowBudget(ops, visibleCount);
        Tensor slots = ops.reduceMax(perQuery, true, 0);
        TopK top = ops.topK(ranking, slots, -1);
        if (ops.isTraining()) {
            return relaxed(ops, in, keys, values, causal, logGates(ops, ranking, top, perQuery));
        }
        // the top b_i slots of query i are causal keys (masked keys rank last); later slots are masked
        Tensor slotUsed = slotsUsed(ops, slots, perQuery);

        Tensor chosenKeys = gatherRows(ops, keys, top.indices());
        Tensor chosenValues = gatherRows(ops, values, top.indices());
        Tensor query = ops.unsqueeze(in.query(), 3);
        Tensor mask = ops.unsqueeze(slotUsed, 1);
        if (ops.wantsAttentionProbabilities()) {
            Tensor p = ops.attentionProbabilities(query, chosenKeys, mask, in.scale());
            Tensor out = ops.squeeze(ops.matmul(p, chosenValues), 3);
            Tensor dense = ops.scatterElements(ops.expand(ops.scalar(0f), ops.shape(ranking)), top.indices(),
                    ops.squeeze(p, 3), -1);
            return new AttentionResult(out, dense);
        }
        return AttentionResult.of(ops.squeeze(ops.attention(query, chosenKeys, chosenValues, mask, in.scale()), 3));
    }

    /**
     * The value keys are ranked by, {@code [..., R, S]} for R rows (queries or query blocks): local keys
     * first (above any real score, the nearest highest), then the other visible keys by score, masked
     * keys last.
     */
    static Tensor ranking(TensorOps ops, Tensor visible, Tensor isLocal, Tensor distance, Tensor scores) {
        Tensor localRank = ops.sub(ops.scalar(LOCAL_RANK), ops.cast(distance, DType.FLOAT32));
        return ops.where(visible, ops.where(isLocal, localRank, scores), ops.scalar(TensorOps.MASKED_SCORE));
    }

    /** Boolean {@code [R, K]}: slot s of row r holds one of its {@code perRow[r]} chosen keys. */
    static Tensor slotsUsed(TensorOps ops, Tensor slots, Tensor perRow) {
        return ops.less(ops.unsqueeze(ops.range(ops.scalarLong(0), slots), 0), ops.unsqueeze(perRow, 1));
    }

    /**
     * The training relaxation's gates as logits, {@code log sigmoid((s_rj - t_r) / tau)} {@code [B, H, R, S]},
     * with {@code t_r} the {@code perRow[r]}-th largest ranking value of row r: a gate is above 1/2
     * exactly for the keys inference selects (ties aside), so training and inference agree on the set.
     */
    Tensor logGates(TensorOps ops, Tensor ranking, TopK top, Tensor perRow) {
        Tensor lastSlot = ops.sub(perRow, ops.scalarLong(1));
        Tensor slotIndex = ops.expand(ops.reshape(lastSlot, 1, 1, -1, 1), ops.concat(0,
                ops.slice(ops.shape(top.values()), 0, 0, 3), ops.constantLongs(new long[] {1}, 1)));
        Tensor threshold = ops.gatherElements(top.values(), slotIndex, 3);
        Tensor gate = ops.sigmoid(ops.div(ops.sub(ranking, threshold), ops.scalar(gateTemperature)));
        return ops.log(ops.max(gate, ops.scalar(MIN_GATE)));
    }

    /**
     * The training relaxation: dense attention whose logits carry the gates' logarithms {@code [B, H, T, S]}.
     * Keys near the threshold pass gradient to the score projections both ways; as tau falls the gates
     * approach the hard top-k of inference. Costs O(T S) like full attention, which is acceptable while
     * training.
     */
    static AttentionResult relaxed(TensorOps ops, AttentionInputs in, Tensor keys, Tensor values, Tensor causal,
                                   Tensor logGate) {
        int r = keys.rank();
        Tensor logits = ops.add(ops.mul(ops.matmul(in.query(), ops.transpose(keys, 0, 1, r - 1, r - 2)),
                ops.scalar(in.scale())), logGate);
        Tensor p = ops.softmax(ops.where(causal, logits, ops.scalar(TensorOps.MASKED_SCORE)), -1);
        return new AttentionResult(ops.matmul(p, values), ops.wantsAttentionProbabilities() ? p : null);
    }

    /** The run's queries in the rank-r score space, {@code q Wq}: {@code [B, H, T, r]}. */
    private Tensor projectedQueries(TensorOps ops, AttentionInputs in) {
        return ops.matmul(in.query(), ops.parameter(projection(in.context(), SCORE_QUERY, rank)));
    }

    /** The cache's keys in the score space, {@code k Wk}: {@code [B, H, S, r]}, kept as state for the next run. */
    private Tensor scoreKeys(TensorOps ops, AttentionInputs in) {
        AttentionContext c = in.context();
        Tensor wk = ops.parameter(projection(c, SCORE_KEY, rank));
        Tensor newKeys = ops.matmul(AttentionMath.repeatKv(ops, in.key(), c), wk);
        Tensor past = ops.stateInput(c.name(SCORE_KEYS), DType.FLOAT32, Dim.BATCH, Dim.of(c.heads()),
                Dim.symbol("past_" + c.layer()), Dim.of(rank));
        Tensor scoreKeys = ops.concat(2, past, newKeys);
        ops.stateOutput(c.name(SCORE_KEYS), scoreKeys);
        return scoreKeys;
    }

    /**
     * b = min(budget, n), or round(ratio n) clamped to 1..n like {@code Budget.resolve}, for each row's
     * count n of visible keys; int64, the shape of {@code visibleCount}.
     */
    Tensor rowBudget(TensorOps ops, Tensor visibleCount) {
        if (budget > 0) {
            return ops.min(visibleCount, ops.scalarLong(budget));
        }
        Tensor scaled = ops.add(ops.mul(ops.cast(visibleCount, DType.FLOAT32), ops.scalar((float) ratio)),
                ops.scalar(0.5f));
        Tensor rounded = ops.cast(scaled, DType.INT64);
        return ops.min(ops.max(rounded, ops.scalarLong(1)), visibleCount);
    }

    /**
     * Rows of {@code x [B, H, S, D]} at {@code indices [B, H, ..., K]}: {@code [B, H, ..., K, D]}. Only the
     * chosen rows are copied, which is where compute and memory fall against dense attention.
     */
    static Tensor gatherRows(TensorOps ops, Tensor x, Tensor indices) {
        Tensor flat = ops.reshape(indices, 0, 0, -1, 1);
        Tensor width = ops.dim(x, 3);
        Tensor spread = ops.expand(flat, ops.concat(0, ops.slice(ops.shape(flat), 0, 0, 3), width));
        Tensor rows = ops.gatherElements(x, spread, 2);
        return ops.reshape(rows, ops.concat(0, ops.shape(indices), width));
    }
}
