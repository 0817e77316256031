package dev.attnlab.learnedmask;

import dev.attnlab.api.testkit.AttentionRuns;
import static dev.attnlab.learnedmask.SelectionProbes.kept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.testkit.ArrayOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * learned-mask on {@link ArrayOps}. References: full causal attention, and a plain-loop implementation
 * in this test of "attend to the local window plus the best q.k keys"; tolerance 1e-5 covers float32
 * rounding of scores and sums taken in another order.
 */
class LearnedMaskStrategyTest {

    private static final int N = 9;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int DIM = 3;
    private final AttentionContext gqa = new AttentionContext(1, 2, HEADS, KV_HEADS, DIM, 64);
    private final FloatTensor q = AttentionRuns.random(4, 1, HEADS, N, DIM);
    private final FloatTensor k = AttentionRuns.random(5, 1, KV_HEADS, N, DIM);
    private final FloatTensor v = AttentionRuns.random(6, 1, KV_HEADS, N, DIM);
    private final LearnedMaskStrategy strategy = new LearnedMaskStrategy();

    /** Per-query selection (query_block 1), what these tests pin down; BlockwiseSelectionTest covers blocks. */
    private LayerAttention layer(Map<String, Object> options) {
        Map<String, Object> perQuery = new HashMap<>(options);
        perQuery.putIfAbsent("query_block", 1L);
        return strategy.create(gqa, strategy.configSchema().validate(perQuery, "methods[0]"));
    }

    @Test
    void budgetCoveringAllKeysEqualsFullAttention() {
        float[] full = AttentionRuns.run(AttentionRuns.full(), gqa, q, k, v, false, N).output().data();
        LayerAttention all = layer(Map.of("budget", (long) N));
        assertThat(AttentionRuns.run(all, gqa, q, k, v, false, N).output().data()).containsExactly(full, within(1e-5f));
        assertThat(AttentionRuns.run(layer(Map.of("budget_ratio", 1.0)), gqa, q, k, v, false, 5, 4).output().data())
                .containsExactly(full, within(1e-5f));
    }

    @Test
    void keepsExactlyBudgetKeysPerQuery() {
        FloatTensor p = AttentionRuns.run(layer(Map.of("budget", 3L, "local", 1L)), gqa, q, k, v, true, N)
                .probabilities().get(0);
        assertThat(p.shape()).containsExactly(1, HEADS, N, N);
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < N; i++) {
                assertThat(kept(p, h, i)).as("head %d query %d", h, i).hasSize(Math.min(3, i + 1));
            }
        }
    }

    @Test
    void ratioBudgetRoundsPerQueryLikeBudgetResolve() {
        FloatTensor p = AttentionRuns.run(layer(Map.of("budget_ratio", 0.5, "local", 0L)), gqa, q, k, v, true, N)
                .probabilities().get(0);
        for (int i = 0; i < N; i++) {
            int expected = dev.attnlab.api.compress.Budget.ratio(0.5).resolve(i + 1);
            assertThat(kept(p, 0, i)).as("query %d", i).hasSize(expected);
        }
    }

    @Test
    void attendsToTheLocalWindowPlusTheBestScoredKeys() {
        int budget = 4;
        int local = 2;
        AttentionRuns.Result r = AttentionRuns.run(layer(Map.of("budget", (long) budget, "local", (long) local)),
                gqa, q, k, v, true, N);
        FloatTensor p = r.probabilities().get(0);
        float[] expected = new float[HEADS * N * DIM];
        for (int h = 0; h < HEADS; h++) {
            int kvh = h / (HEADS / KV_HEADS);
            for (int i = 0; i < N; i++) {
                List<Integer> chosen = referenceSelection(h, kvh, i, budget, local);
                assertThat(kept(p, h, i)).as("head %d query %d", h, i).containsExactlyInAnyOrderElementsOf(chosen);
                double[] w = new double[chosen.size()];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < w.length; c++) {
                    w[c] = dot(h, kvh, i, chosen.get(c)) * gqa.defaultScale();
                    max = Math.max(max, w[c]);
                }
                double sum = 0;
                for (int c = 0; c < w.length; c++) {
                    w[c] = Math.exp(w[c] - max);
                    sum += w[c];
                }
                for (int d = 0; d < DIM; d++) {
                    double acc = 0;
                    for (int c = 0; c < w.length; c++) {
                        acc += w[c] / sum * v.get(0, kvh, chosen.get(c), d);
                    }
                    expected[(h * N + i) * DIM + d] = (float) acc;
                }
            }
        }
        assertThat(r.output().data()).containsExactly(expected, within(1e-5f));
    }

    /** Keys i, i-1, ... (local) then the highest q.k among the rest, up to the budget. */
    private List<Integer> referenceSelection(int h, int kvh, int i, int budget, int local) {
        List<Integer> chosen = new ArrayList<>();
        for (int j = i; j >= 0 && i - j < local && chosen.size() < budget; j--) {
            chosen.add(j);
        }
        List<Integer> rest = new ArrayList<>();
        for (int j = 0; j <= i - local; j++) {
            rest.add(j);
        }
        rest.sort(Comparator.comparingDouble((Integer j) -> -dot(h, kvh, i, j)));
        for (int j : rest) {
            if (chosen.size() < budget) {
                chosen.add(j);
            }
        }
        return chosen;
    }

    private double dot(int h, int kvh, int i, int j) {
        return SelectionProbes.dot(q, k, h, kvh, i, j);
    }

    @Test
    void decodingStepByStepEqualsOnePrefill() {
        LayerAttention layer = layer(Map.of("budget", 3L, "local", 1L));
        float[] prefill = AttentionRuns.run(layer, gqa, q, k, v, false, N).output().data();
        float[] decode = AttentionRuns.run(layer, gqa, q, k, v, false, 3, 1, 1, 1, 1, 1, 1).output().data();
        assertThat(decode).containsExactly(prefill, within(1e-6f));
    }

    @Test
    void declaresTrainableIdentityInitialisedScoreProjections() {
        ArrayOps ops = new ArrayOps();
        AttentionRuns.Result lowRank = AttentionRuns.run(layer(Map.of("budget", 2L, "rank", 2L)), gqa, q, k, v, false, N);
        assertThat(lowRank.output().shape()).containsExactly(1, HEADS, N, DIM);
        ParameterSpec spec = LearnedMaskAttention.projection(gqa, LearnedMaskAttention.SCORE_KEY, 2);
        assertThat(spec.name()).isEqualTo("layers.1.attn.mask.score.key");
        assertThat(spec.trainable()).isTrue();
        assertThat(spec.shape()).containsExactly(HEADS, DIM, 2);
        float[] w = ArrayOps.values(ops.parameter(spec)).data();
        assertThat(Arrays.copyOfRange(w, 0, 6)).containsExactly(1, 0, 0, 1, 0, 0);
        assertThat(strategy.trainable()).isTrue();
    }

    @Test
    void trainedProjectionsChangeTheSelection() {
        // Score projections that look only at the last dimension pick other keys than q.k does.
        float[] lastDim = new float[HEADS * DIM];
        for (int h = 0; h < HEADS; h++) {
            lastDim[h * DIM + DIM - 1] = 1f;
        }
        Map<String, FloatTensor> weights = new HashMap<>();
        weights.put(gqa.name(LearnedMaskAttention.SCORE_QUERY), FloatTensor.of(lastDim, HEADS, DIM, 1));
        weights.put(gqa.name(LearnedMaskAttention.SCORE_KEY), FloatTensor.of(lastDim.clone(), HEADS, DIM, 1));
        LayerAttention layer = layer(Map.of("budget", 2L, "local", 0L, "rank", 1L));
        ArrayOps ops = new ArrayOps(weights).setWantsAttentionProbabilities(true);
        var in = new dev.attnlab.api.attention.AttentionInputs(ops.constant(q), ops.constant(k), ops.constant(v),
                ops.range(ops.scalarLong(0), ops.scalarLong(N)), gqa.defaultScale(), gqa);
        FloatTensor p = ArrayOps.values(layer.attend(ops, in).probabilities());
        int i = N - 1;
        List<Integer> byLastDim = new ArrayList<>();
        for (int j = 0; j <= i; j++) {
            byLastDim.add(j);
        }
        byLastDim.sort(Comparator.comparingDouble((Integer j) -> -q.get(0, 0, i, DIM - 1) * k.get(0, 0, j, DIM - 1)));
        assertThat(kept(p, 0, i)).containsExactlyInAnyOrderElementsOf(byLastDim.subList(0, 2));
    }

    @Test
    void rejectsZeroBudgetAndRankAboveHeadDim() {
        assertThatThrownBy(() -> layer(Map.of("budget", 0L, "budget_ratio", 0.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("methods[0].budget")
                .hasMessageContaining("budget_ratio");
        assertThatThrownBy(() -> layer(Map.of("rank", 8L))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("methods[0].rank").hasMessageContaining("head dimension 3");
    }
}
