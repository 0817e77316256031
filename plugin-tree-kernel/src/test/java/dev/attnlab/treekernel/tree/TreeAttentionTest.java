package dev.attnlab.treekernel.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.treekernel.kernel.RandomFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeAttentionTest {

    private static final TraversalStats IGNORED = new TraversalStats();

    private static RandomFeatures featuresFor(Estimator e, int r, int d, long seed) {
        if (!e.usesFeatures()) {
            return null;
        }
        RandomFeatures.Kind kind = e == Estimator.FAVOR_PLUS ? RandomFeatures.Kind.POSITIVE : RandomFeatures.Kind.RELU;
        return RandomFeatures.draw(kind, r, d, true, 1.0, new Random(seed));
    }

    /**
     * Property: with exponent 1 the frontier grows until every visible key is a leaf of it, so the result
     * is exact causal attention whatever the estimator, selection or unreached handling. Reference:
     * {@link NaiveAttention} (direct double loops); tolerance 1e-9 (double arithmetic, different
     * summation order).
     */
    @Test
    void fullBudgetEqualsCausalAttentionForEveryEstimatorAndSize() {
        Random random = new Random(11);
        int[][] shapes = {{1, 1}, {2, 2}, {3, 3}, {5, 5}, {8, 8}, {13, 13}, {31, 31}, {1, 9}, {4, 17}, {3, 6}};
        int cases = 0;
        for (int[] shape : shapes) {
            int t = shape[0];
            int s = shape[1];
            int d = 1 + random.nextInt(8);
            double[][] q = NaiveAttention.gaussian(random, t, d, 1.5);
            double[][] k = NaiveAttention.gaussian(random, s, d, 1.5);
            double[][] v = NaiveAttention.gaussian(random, s, d + 1, 1.0);
            long[] kPos = NaiveAttention.range(0, s);
            long[] qPos = NaiveAttention.range(s - t, t);
            double scale = 1 / Math.sqrt(d);
            double[][] expected = NaiveAttention.causal(q, qPos, k, v, kPos, scale);
            for (Estimator e : Estimator.values()) {
                for (Selection sel : Selection.values()) {
                    for (Unreached u : Unreached.values()) {
                        TraversalOptions o = TraversalOptions.of(e, 1.0).withSelection(sel).withUnreached(u).withSeed(cases);
                        double[][] got = new TreeAttention(o).attend(0, q, qPos, k, v, kPos, scale,
                                featuresFor(e, 16, d, cases), IGNORED, null);
                        assertThat(NaiveAttention.maxAbsDifference(got, expected))
                                .as("%s/%s/%s T=%d S=%d D=%d", e.id(), sel.id(), u.id(), t, s, d)
                                .isLessThan(1e-9);
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(shapes.length * Estimator.values().length * 4);
    }

    /** The original's test example: L=8, D=64, Gaussian keys, the last query equal to key 3. */
    private static QueryTrace plantedTrace(TraversalOptions options, long dataSeed) {
        Random random = new Random(dataSeed);
        double[][] k = NaiveAttention.gaussian(random, 8, 64, 1.0);
        double[][] v = NaiveAttention.gaussian(random, 8, 64, 1.0);
        double[][] q = {k[3].clone()};
        List<QueryTrace> traces = new ArrayList<>();
        new TreeAttention(options).attend(0, q, new long[] {7}, k, v, NaiveAttention.range(0, 8), 1 / 8.0,
                featuresFor(options.estimator(), options.features(), 64, options.seed()), IGNORED, traces::add);
        return traces.get(0);
    }

    @Test
    void alignmentReachesThePlantedKeyWithinFourTerms() {
        // 8^0.66 -> 4 terms: exactly the three expansions root -> keys 0..3 -> keys 2..3 -> key 3
        for (long dataSeed = 0; dataSeed < 20; dataSeed++) {
            QueryTrace trace = plantedTrace(TraversalOptions.of(Estimator.ALIGNMENT, 0.66), dataSeed);
            assertThat(trace.budget()).isEqualTo(4);
            assertThat(trace.reachedKeys()).as("data seed %d", dataSeed).contains(3);
            assertThat(trace.steps()).hasSize(3);
        }
    }

    @Test
    void sampledAlignmentReachesThePlantedKeyMostOfTheTime() {
        int reached = 0;
        for (long seed = 0; seed < 50; seed++) {
            QueryTrace trace = plantedTrace(TraversalOptions.of(Estimator.ALIGNMENT, 0.66)
                    .withSelection(Selection.SAMPLE).withSeed(seed), seed);
            reached += trace.reachedKeys().contains(3) ? 1 : 0;
        }
        // three draws must all pick the planted side; measured 161 of 200 (p ~ 0.8), so about 40 of 50
        // are expected with binomial sd about 2.8; the bound sits about 3 sd below
        assertThat(reached).isGreaterThanOrEqualTo(32);
    }

    @Test
    void greedyFavorReachesThePlantedKeyDespiteItsVariance() {
        // the node masses are all far too small (the estimator's median is far below its mean), but one
        // feature draw is shared by every node, so their ranking still favours the planted side:
        // measured 180 of 200 data sets; bound about 3 sd below the expected 90 of 100
        int reached = 0;
        for (long seed = 0; seed < 100; seed++) {
            TraversalOptions o = TraversalOptions.of(Estimator.FAVOR_PLUS, 0.66).withFeatures(128, true).withSeed(seed);
            reached += plantedTrace(o, seed).reachedKeys().contains(3) ? 1 : 0;
        }
        assertThat(reached).isGreaterThanOrEqualTo(80);
    }

    @Test
    void greedyUniformExpandsBreadthFirstAndReachesNoKeyWithinFourTerms() {
        QueryTrace trace = plantedTrace(TraversalOptions.of(Estimator.UNIFORM, 0.66), 0);
        assertThat(trace.finalFrontier()).extracting(FrontierEntry::first).containsExactly(0, 2, 4, 6);
        assertThat(trace.reachedKeys()).isEmpty();
    }

    @Test
    void timeDecayPrefersTheMostRecentKeys() {
        QueryTrace trace = plantedTrace(TraversalOptions.of(Estimator.TIME_DECAY, 0.67), 0);
        assertThat(trace.reachedKeys()).contains(7);
    }

    @Test
    void verboseTracePrintsEachStep() {
        QueryTrace trace = plantedTrace(TraversalOptions.of(Estimator.ALIGNMENT, 0.66), 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trace.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("8 visible keys, budget 4 terms", "step 0 frontier", "expand #0 into",
                "reached keys");
        TraversalStep first = trace.steps().get(0);
        assertThat(first.frontier()).hasSize(1);
        assertThat(first.frontier().get(0).probability()).isEqualTo(1.0);
        assertThat(trace.finalFrontier()).hasSize(4);
    }

    @Test
    void sameSeedGivesTheSameSampledResult() {
        Random random = new Random(5);
        double[][] q = NaiveAttention.gaussian(random, 40, 8, 1);
        double[][] k = NaiveAttention.gaussian(random, 40, 8, 1);
        double[][] v = NaiveAttention.gaussian(random, 40, 8, 1);
        long[] pos = NaiveAttention.range(0, 40);
        TraversalOptions o = TraversalOptions.of(Estimator.FAVOR_PLUS, 0.5).withSelection(Selection.SAMPLE).withSeed(3);
        double[][] a = new TreeAttention(o).attend(0, q, pos, k, v, pos, 0.35, featuresFor(o.estimator(), 16, 8, 3),
                IGNORED, null);
        double[][] b = new TreeAttention(o).attend(0, q, pos, k, v, pos, 0.35, featuresFor(o.estimator(), 16, 8, 3),
                IGNORED, null);
        TraversalOptions other = o.withSeed(4);
        double[][] c = new TreeAttention(other).attend(0, q, pos, k, v, pos, 0.35,
                featuresFor(o.estimator(), 16, 8, 4), IGNORED, null);
        assertThat(NaiveAttention.maxAbsDifference(a, b)).isZero();
        assertThat(NaiveAttention.maxAbsDifference(a, c)).isGreaterThan(0);
    }

    @Test
    void estimatedUnreachedMassIsExactWhenAllKeysAreEqual() {
        // identical keys: count * exp(scale q.meanKey) is the node's exact mass and the mean value is
        // exactly what attention averages, so any budget gives full attention
        Random random = new Random(8);
        double[] key = NaiveAttention.gaussian(random, 1, 6, 1)[0];
        double[][] k = new double[30][];
        for (int j = 0; j < k.length; j++) {
            k[j] = key.clone();
        }
        double[][] v = NaiveAttention.gaussian(random, 30, 6, 1);
        double[][] q = NaiveAttention.gaussian(random, 30, 6, 1);
        long[] pos = NaiveAttention.range(0, 30);
        double[][] expected = NaiveAttention.causal(q, pos, k, v, pos, 0.4);
        for (Estimator e : List.of(Estimator.ALIGNMENT, Estimator.UNIFORM, Estimator.TIME_DECAY)) {
            TraversalOptions o = TraversalOptions.of(e, 0.3).withUnreached(Unreached.ESTIMATE);
            double[][] got = new TreeAttention(o).attend(0, q, pos, k, v, pos, 0.4, null, IGNORED, null);
            assertThat(NaiveAttention.maxAbsDifference(got, expected)).as(e.id()).isLessThan(1e-9);
            TraversalOptions ignoring = o.withUnreached(Unreached.IGNORE);
            double[][] partial = new TreeAttention(ignoring).attend(0, q, pos, k, v, pos, 0.4, null, IGNORED, null);
            assertThat(NaiveAttention.maxAbsDifference(partial, expected)).as(e.id() + " ignore").isGreaterThan(1e-3);
        }
    }

    @Test
    void countsScoreComputationsAgainstFullAttention() {
        Random random = new Random(2);
        int n = 256;
        double[][] q = NaiveAttention.gaussian(random, n, 8, 1);
        double[][] k = NaiveAttention.gaussian(random, n, 8, 1);
        double[][] v = NaiveAttention.gaussian(random, n, 8, 1);
        long[] pos = NaiveAttention.range(0, n);
        TraversalStats sparse = new TraversalStats();
        new TreeAttention(TraversalOptions.of(Estimator.ALIGNMENT, 0.5)).attend(0, q, pos, k, v, pos, 0.35, null,
                sparse, null);
        TraversalStats full = new TraversalStats();
        new TreeAttention(TraversalOptions.of(Estimator.TREE_LESS, 0.5)).attend(0, q, pos, k, v, pos, 0.35, null,
                full, null);
        long expectedFull = (long) n * (n + 1) / 2;
        assertThat(full.fullScores()).isEqualTo(expectedFull);
        assertThat(full.keyScores()).isEqualTo(expectedFull);
        assertThat(full.nodeEstimates()).isZero();
        assertThat(sparse.fullScores()).isEqualTo(expectedFull);
        assertThat(sparse.queries()).isEqualTo(n);
        // each query keeps about sqrt(m) terms and estimates about two nodes per expansion
        assertThat(sparse.keyScores()).isLessThan(expectedFull / 5);
        assertThat(sparse.fractionOfFull()).isLessThan(0.5);
        assertThat(sparse.nodeEstimates()).isGreaterThan(0);
    }

    @Test
    void rejectsKeysOutOfPositionOrder() {
        double[][] x = {{1}, {2}};
        assertThatThrownBy(() -> new TreeAttention(TraversalOptions.of(Estimator.ALIGNMENT, 1)).attend(0, x,
                new long[] {0, 1}, x, x, new long[] {1, 0}, 1, null, IGNORED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key positions must be non-decreasing");
    }

    @Test
    void budgetIsCeilingOfPowerCappedAtVisibleKeys() {
        TraversalOptions o = TraversalOptions.of(Estimator.ALIGNMENT, 0.5);
        assertThat(o.budget(0)).isZero();
        assertThat(o.budget(1)).isEqualTo(1);
        assertThat(o.budget(16)).isEqualTo(4);
        assertThat(o.budget(17)).isEqualTo(5);
        assertThat(TraversalOptions.of(Estimator.ALIGNMENT, 1.0).budget(37)).isEqualTo(37);
        assertThatThrownBy(() -> TraversalOptions.of(Estimator.ALIGNMENT, 1.5))
                .hasMessageContaining("exponent 1.5 must lie in (0, 1]");
    }
}
