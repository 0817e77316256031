package dev.attnlab.learnedmask;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import java.util.List;

/**
 * {@code learned-mask}: each query attends to a budget of keys chosen by a cheap learned score, and the
 * attention gathers only those keys and values.
 *
 * <p><b>Inference.</b> Per layer and query head, two projections {@code Wq, Wk} of shape
 * {@code [heads, headDim, rank]} map queries and keys to a rank-r space; the score of key j for query i
 * is {@code (q_i Wq) . (k_j Wk)}. Every query keeps its {@code local} most recent keys and fills the rest
 * of its budget with the best-scored earlier keys ({@code topK}); the chosen keys and values are gathered
 * ({@code gatherElements}) and softmax attention runs over them alone, so the attention itself costs
 * O(T budget D) instead of O(T S D); scoring costs O(T S r) and holds a {@code [T, S]} score matrix, so
 * the saving is largest with {@code rank} well below the head dimension and in decoding (T = 1), where the
 * KV cache is still complete (every key stays selectable) but each step reads only budget keys. Without a trained-parameter file the
 * projections are the identity on the first {@code rank} dimensions, so with {@code rank = headDim} the
 * selection is by the true q.k score (the oracle top-k) and a budget covering every key gives full
 * attention exactly. The projected keys are kept as state beside the KV cache, so a decode step scores
 * the cache with one small matrix product.
 *
 * <p><b>Training</b> (the distillation trainer of issue 7 adds it). The projections are
 * {@link dev.attnlab.api.tensor.ParameterSpec#trainable} parameters named
 * {@code layers.<n>.attn.mask.score.query} and {@code ...mask.score.key}. The full model is frozen and the
 * loss is KL(P_full || P_masked) over next-token distributions. Hard top-k has no gradient with respect to
 * the scores, so training replaces it by a relaxation on dense attention: a soft gate
 * {@code g_ij = sigmoid((s_ij - t_i) / tau)}, with {@code t_i} the budget-th largest score of query i,
 * added as {@code log g_ij} to the attention logits (option {@code gate_temperature}); the lowering tells
 * the strategy it is training through {@code TensorOps.isTraining()}. Lower tau brings training closer to
 * the hard selection used here. The trained values are saved as safetensors under the same names and
 * found by {@code TensorOps.parameter} at export time.
 *
 * <p><b>Query blocks</b> (option {@code query_block}, default 64). Selecting per query holds a
 * {@code [T, S]} score matrix and copies {@code [T, budget, D]} keys and values, more than full
 * attention's {@code [T, S]} probabilities once the budget exceeds S / D. With {@code query_block > 1}
 * each block of consecutive queries shares one selection, scored by the block's mean projected query
 * ({@code block_score = "mean"}) or by the best score of its queries ({@code "max"}), gathered once per
 * block and masked causally per query ({@link BlockwiseSelection}); a decode step is a block of one, i.e.
 * per-query selection. Training then gates each query by its block's threshold.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class LearnedMaskStrategy implements AttentionStrategy {

    public static final String ID = "learned-mask";
    static final String BUDGET = "budget";
    static final String BUDGET_RATIO = "budget_ratio";
    static final String LOCAL = "local";
    static final String RANK = "rank";
    static final String GATE_TEMPERATURE = "gate_temperature";
    static final String QUERY_BLOCK = "query_block";
    static final String BLOCK_SCORE = "block_score";

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.integer(BUDGET, 0, 0, Integer.MAX_VALUE,
                    "Keys each query attends to, local window included; 0 uses budget_ratio instead."),
            ConfigOption.real(BUDGET_RATIO, 0.25, 0.0, 1.0,
                    "Share of the keys a query could see that it attends to (rounded, at least 1), when budget is 0."),
            ConfigOption.integer(LOCAL, 4, 0, Integer.MAX_VALUE,
                    "Most recent keys (the query itself included) always kept, counted in the budget."),
            ConfigOption.integer(RANK, 0, 0, Integer.MAX_VALUE,
                    "Width of the key-scoring projections; 0 means the head dimension (exact q.k scores when untrained)."),
            ConfigOption.real(GATE_TEMPERATURE, 0.5, 1e-6, 1e6,
                    "Training only: temperature of the soft gates that stand in for the hard top-k (score units)."),
            ConfigOption.integer(QUERY_BLOCK, 64, 0, Integer.MAX_VALUE,
                    "Consecutive queries that share one key selection in prefill (scored by their mean query); "
                            + "0 or 1 selects keys for each query separately."),
            ConfigOption.choice(BLOCK_SCORE, "mean", List.of("mean", "max"),
                    "How a query block scores a key: mean = the block's mean query (cheapest); max = the best "
                            + "score of any of its queries (closer to per-query selection, computes [T, S] scores)."));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Top-budget keys by a learned low-rank score, per query or per block of queries; "
                + "only those keys are gathered and attended";
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public boolean trainable() {
        return true;
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        long budget = settings.getLong(BUDGET);
        double ratio = settings.getDouble(BUDGET_RATIO);
        if (budget == 0 && ratio <= 0) {
            throw new ConfigException(settings.keyPath(BUDGET),
                    "set budget (keys per query, >= 1) or budget_ratio (share in (0, 1]); both are 0");
        }
        int rank = settings.getInt(RANK);
        if (rank > context.headDim()) {
            throw new ConfigException(settings.keyPath(RANK), rank + " exceeds the model's head dimension "
                    + context.headDim() + "; use a value in 1.." + context.headDim() + " or 0 for the head dimension");
        }
        return new LearnedMaskAttention(budget, ratio, settings.getLong(LOCAL), rank == 0 ? context.headDim() : rank,
                (float) settings.getDouble(GATE_TEMPERATURE), settings.getLong(QUERY_BLOCK),
                settings.getString(BLOCK_SCORE).equals("max"));
    }
}
