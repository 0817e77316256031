package dev.attnlab.learnedmask;

import static dev.attnlab.learnedmask.SelectionProbes.kept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.api.testkit.AttentionRuns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * learned-mask with {@code query_block > 1} on {@link ArrayOps}. References: full causal attention, and
 * {@link #referenceSelection}, a plain-loop statement of the block selection written from the method
 * note (mean q.k of the block's queries, own and local keys first, K_b = budget of the block's last
 * query, at least the block's size). Tolerance 1e-5: float32 rounding of scores and sums taken in
 * another order.
 */
class BlockwiseSelectionTest {

    private static final int N = 23;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int DIM = 3;
    private final AttentionContext gqa = new AttentionContext(1, 2, HEADS, KV_HEADS, DIM, 64);
    private final FloatTensor q = AttentionRuns.random(14, 1, HEADS, N, DIM);
    private final FloatTensor k = AttentionRuns.random(15, 1, KV_HEADS, N, DIM);
    private final FloatTensor v = AttentionRuns.random(16, 1, KV_HEADS, N, DIM);
    private final LearnedMaskStrategy strategy = new LearnedMaskStrategy();

    private LayerAttention layer(Map<String, Object> options) {
        return strategy.create(gqa, strategy.configSchema().validate(options, "methods[0]"));
    }

    @Test
    void budgetCoveringAllKeysEqualsFullAttentionForAnyBlockSize() {
        float[] full = AttentionRuns.run(AttentionRuns.full(), gqa, q, k, v, false, N).output().data();
        for (long block : new long[] {2, 5, 8, 64}) {
            LayerAttention all = layer(Map.of("budget", (long) N, "query_block", block));
            assertThat(AttentionRuns.run(all, gqa, q, k, v, false, N).output().data()).as("block %d", block)
                    .containsExactly(full, within(1e-5f));
            assertThat(AttentionRuns.run(all, gqa, q, k, v, false, 11, 7, 1, 4).output().data())
                    .as("block %d in runs of 11, 7, 1, 4", block).containsExactly(full, within(1e-5f));
        }
        LayerAttention max = layer(Map.of("budget", (long) N, "query_block", 5L, "block_score", "max"));
        assertThat(AttentionRuns.run(max, gqa, q, k, v, false, N).output().data()).containsExactly(full, within(1e-5f));
        LayerAttention ratio = layer(Map.of("budget_ratio", 1.0, "query_block", 4L));
        assertThat(AttentionRuns.run(ratio, gqa, q, k, v, false, N).output().data()).containsExactly(full, within(1e-5f));
    }

    @Test
    void matchesAPlainLoopBlockSelectionForASmallBudget() {
        checkAgainstReference(Map.of("budget", 6L, "local", 2L, "query_block", 5L), n -> Math.min(6, n), 2, 5, N);
        checkAgainstReference(Map.of("budget", 4L, "local", 0L, "query_block", 3L), n -> Math.min(4, n), 0, 3, N);
        checkAgainstReference(Map.of("budget_ratio", 0.3, "local", 3L, "query_block", 4L),
                n -> Budget.ratio(0.3).resolve(n), 3, 4, 13, 10);
    }

    @Test
    void maxBlockScoreMatchesAPlainLoopSelectionByTheBestQueryOfTheBlock() {
        // blocks of 5 over 23 queries: the last block has 3 real queries and 2 padded ones, which must not count
        checkAgainstReference(Map.of("budget", 6L, "local", 2L, "query_block", 5L, "block_score", "max"),
                n -> Math.min(6, n), 2, 5, N);
        checkAgainstReference(Map.of("budget", 5L, "local", 1L, "query_block", 4L, "block_score", "max"),
                n -> Math.min(5, n), 1, 4, 9, 14);
    }

    private void checkAgainstReference(Map<String, Object> options, IntUnaryOperator budget, int local, int block,
                                       int... runs) {
        boolean max = "max".equals(options.get("block_score"));
        AttentionRuns.Result r = AttentionRuns.run(layer(options), gqa, q, k, v, true, runs);
        float[] expected = new float[HEADS * N * DIM];
        int start = 0;
        for (int run = 0; run < runs.length; run++) {
            FloatTensor p = r.probabilities().get(run);
            for (int h = 0; h < HEADS; h++) {
                int kvh = h / (HEADS / KV_HEADS);
                for (int first = start; first < start + runs[run]; first += Math.min(block, runs[run])) {
                    int last = Math.min(first + Math.min(block, runs[run]), start + runs[run]) - 1;
                    List<Integer> chosen = referenceSelection(h, kvh, first, last, budget, local, max);
                    for (int i = first; i <= last; i++) {
                        List<Integer> seen = new ArrayList<>();
                        for (int j : chosen) {
                            if (j <= i) {
                                seen.add(j);
                            }
                        }
                        assertThat(kept(p, h, i - start)).as("options %s head %d query %d", options, h, i)
                                .containsExactlyInAnyOrderElementsOf(seen);
                        softmaxAverage(h, kvh, i, seen, expected);
                    }
                }
            }
            start += runs[run];
        }
        assertThat(r.output().data()).as("options %s", options).containsExactly(expected, within(1e-5f));
    }

    /**
     * The keys block {@code first..last} of head h gathers: its own keys, the {@code local - 1} keys
     * before it, then the best mean q.k (or, with {@code max}, the best q.k of any of the block's queries)
     * among the other keys up to {@code last}, K_b in all with K_b = max(budget(last + 1), number of those
     * local keys).
     */
    private List<Integer> referenceSelection(int h, int kvh, int first, int last, IntUnaryOperator budget,
                                             int local, boolean max) {
        int localKeys = last - Math.max(first - Math.max(local, 1) + 1, 0) + 1;
        int slots = Math.max(budget.applyAsInt(last + 1), localKeys);
        List<Integer> chosen = new ArrayList<>();
        for (int j = first; j <= last; j++) {
            chosen.add(j);
        }
        for (int j = first - 1; j > first - local && j >= 0; j--) {
            chosen.add(j);
        }
        List<Integer> rest = new ArrayList<>();
        for (int j = 0; j <= first - Math.max(local, 1); j++) {
            rest.add(j);
        }
        rest.sort(Comparator.comparingDouble((Integer j) -> max ? -maxDot(h, kvh, first, last, j)
                : -meanDot(h, kvh, first, last, j)));
        for (int j : rest) {
            if (chosen.size() < slots) {
                chosen.add(j);
            }
        }
        return chosen;
    }

    /** Adds query i's softmax attention over {@code keys} to {@code out [H, N, D]}. */
    private void softmaxAverage(int h, int kvh, int i, List<Integer> keys, float[] out) {
        double[] w = new double[keys.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            w[c] = dot(h, kvh, i, keys.get(c)) * gqa.defaultScale();
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
                acc += w[c] / sum * v.get(0, kvh, keys.get(c), d);
            }
            out[(h * N + i) * DIM + d] = (float) acc;
        }
    }

    @Test
    void neverAttendsToAKeyAfterTheQueryThoughItsBlockGathersIt() {
        AttentionRuns.Result r = AttentionRuns.run(layer(Map.of("budget", 3L, "local", 1L, "query_block", 8L)),
                gqa, q, k, v, true, N);
        FloatTensor p = r.probabilities().get(0);
        for (int h = 0; h < HEADS; h++) {
            int kvh = h / (HEADS / KV_HEADS);
            for (int i = 0; i < N; i++) {
                int first = i / 8 * 8;
                int last = Math.min(first + 8, N) - 1;
                List<Integer> gathered = referenceSelection(h, kvh, first, last, n -> Math.min(3, n), 1, false);
                assertThat(gathered).as("block of query %d gathers its last key %d", i, last).contains(last);
                double sum = 0;
                for (int j = 0; j < N; j++) {
                    if (j > i) {
                        assertThat(p.get(0, h, i, j)).as("head %d query %d key %d", h, i, j).isZero();
                    }
                    sum += p.get(0, h, i, j);
                }
                assertThat(sum).as("head %d query %d", h, i).isCloseTo(1.0, within(1e-5));
                assertThat(p.get(0, h, i, i)).as("a query always sees itself").isPositive();
            }
        }
    }

    @Test
    void decodeStepsAreBlocksOfOneAndSelectPerQuery() {
        Map<String, Object> options = new HashMap<>(Map.of("budget", 3L, "local", 2L));
        options.put("query_block", 1L);
        float[] perQuery = AttentionRuns.run(layer(options), gqa, q, k, v, false, N).output().data();
        options.put("query_block", 16L);
        int[] steps = new int[N];
        java.util.Arrays.fill(steps, 1);
        assertThat(AttentionRuns.run(layer(options), gqa, q, k, v, false, steps).output().data())
                .containsExactly(perQuery, within(1e-6f));
    }

    @Test
    void trainingGatesLetThroughExactlyTheKeysInferenceGathers() {
        Map<String, Object> options = Map.of("budget", 6L, "local", 2L, "query_block", 5L, "gate_temperature", 1e-6);
        FloatTensor hard = AttentionRuns.run(layer(options), gqa, q, k, v, true, N).probabilities().get(0);
        ArrayOps ops = new ArrayOps().setWantsAttentionProbabilities(true).setTraining(true);
        AttentionInputs in = new AttentionInputs(ops.constant(q), ops.constant(k), ops.constant(v),
                ops.range(ops.scalarLong(0), ops.scalarLong(N)), gqa.defaultScale(), gqa);
        FloatTensor relaxed = ArrayOps.values(layer(options).attend(ops, in).probabilities());
        assertThat(relaxed.shape()).containsExactly(1, HEADS, N, N);
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < N; i++) {
                List<Integer> passed = new ArrayList<>();
                for (int j = 0; j < N; j++) {
                    // a closed gate scales a key by 1e-30; an open one (or the threshold's 1/2) keeps it
                    if (relaxed.get(0, h, i, j) > 1e-12f) {
                        passed.add(j);
                    }
                }
                assertThat(passed).as("head %d query %d", h, i).containsExactlyInAnyOrderElementsOf(kept(hard, h, i));
            }
        }
    }

    private double meanDot(int h, int kvh, int first, int last, int j) {
        double s = 0;
        for (int i = first; i <= last; i++) {
            s += dot(h, kvh, i, j);
        }
        return s / (last - first + 1);
    }

    private double maxDot(int h, int kvh, int first, int last, int j) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = first; i <= last; i++) {
            best = Math.max(best, dot(h, kvh, i, j));
        }
        return best;
    }

    private double dot(int h, int kvh, int i, int j) {
        return SelectionProbes.dot(q, k, h, kvh, i, j);
    }
}
