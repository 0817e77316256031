package dev.attnlab.treekernel.tree;

import dev.attnlab.treekernel.kernel.RandomFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reproduces the synthetic tables of docs/methods/tree-kernel.md (not a test; run by hand):
 * <pre>
 * mvn -o -q -pl framework-api,plugin-tree-kernel test-compile
 * java -cp plugin-tree-kernel/target/classes:plugin-tree-kernel/target/test-classes:framework-api/target/classes \
 *     dev.attnlab.treekernel.tree.TraversalMeasurements
 * </pre>
 * Prints the planted-key hit rates, the score computations against full attention and wall-time ratios
 * against the host-op full attention ({@code tree-less}) measured in the same run.
 */
final class TraversalMeasurements {

    private TraversalMeasurements() {
    }

    public static void main(String[] args) {
        plantedKeyHitRates(200);
        scoreComputations(512, 64);
        wallTimeRatios(64);
    }

    private static double[][] gaussian(Random random, int rows, int cols) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int c = 0; c < cols; c++) {
                row[c] = random.nextGaussian();
            }
        }
        return g;
    }

    private static long[] range(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static RandomFeatures features(Estimator e, int r, int d, long seed) {
        if (!e.usesFeatures()) {
            return null;
        }
        RandomFeatures.Kind kind = e == Estimator.FAVOR_PLUS ? RandomFeatures.Kind.POSITIVE : RandomFeatures.Kind.RELU;
        return RandomFeatures.draw(kind, r, d, true, 1.0, new Random(seed));
    }

    /** L = 8, D = 64, last query equal to key 3, 4 terms (exponent 0.66), R = 128 orthogonal. */
    static void plantedKeyHitRates(int trials) {
        System.out.println("planted key (L=8, D=64, q = key 3, 4 terms): data sets reaching key 3 of " + trials);
        for (Estimator e : Estimator.values()) {
            for (Selection selection : Selection.values()) {
                int hits = 0;
                for (int seed = 0; seed < trials; seed++) {
                    Random random = new Random(seed);
                    double[][] k = gaussian(random, 8, 64);
                    double[][] v = gaussian(random, 8, 64);
                    double[][] q = {k[3].clone()};
                    TraversalOptions o = new TraversalOptions(e, 0.66, 128, true, 1.0, 0.99, selection,
                            Unreached.IGNORE, seed);
                    List<QueryTrace> traces = new ArrayList<>();
                    new TreeAttention(o).attend(0, q, new long[] {7}, k, v, range(8), 1 / 8.0,
                            features(e, 128, 64, 1000 + seed), new TraversalStats(), traces::add);
                    hits += traces.get(0).reachedKeys().contains(3) ? 1 : 0;
                }
                System.out.printf("  %-11s %-7s %d%n", e.id(), selection.id(), hits);
            }
        }
    }

    /** Gaussian q, k, v of n tokens, one head, greedy, unreached estimated, R = 64 orthogonal. */
    static void scoreComputations(int n, int d) {
        Random random = new Random(0);
        double[][] q = gaussian(random, n, d);
        double[][] k = gaussian(random, n, d);
        double[][] v = gaussian(random, n, d);
        long[] pos = range(n);
        double scale = 1 / Math.sqrt(d);
        double[][] full = new TreeAttention(TraversalOptions.of(Estimator.TREE_LESS, 1)).attend(0, q, pos, k, v, pos,
                scale, null, new TraversalStats(), null);
        System.out.printf("score computations, n=%d D=%d (mean |full output| %.4f)%n", n, d, meanAbs(full));
        System.out.println("  method      exponent keyScores nodeEstimates fractionOfFull meanAbsError");
        for (Estimator e : List.of(Estimator.ALIGNMENT, Estimator.FAVOR_PLUS, Estimator.UNIFORM)) {
            for (double exponent : new double[] {0.3, 0.5, 0.7, 0.9}) {
                TraversalOptions o = new TraversalOptions(e, exponent, 64, true, 1.0, 0.99, Selection.GREEDY,
                        Unreached.ESTIMATE, 0);
                TraversalStats stats = new TraversalStats();
                double[][] out = new TreeAttention(o).attend(0, q, pos, k, v, pos, scale, features(e, 64, d, 1), stats,
                        null);
                System.out.printf("  %-11s %.1f %9d %13d %14.3f %12.4f%n", e.id(), exponent, stats.keyScores(),
                        stats.nodeEstimates(), stats.fractionOfFull(), meanAbsDifference(out, full));
            }
        }
    }

    /** Median of 7 interleaved repetitions, as ratios to tree-less (host-op full attention) in this run. */
    static void wallTimeRatios(int d) {
        System.out.println("wall time of one head's prefill, ratio to tree-less (median of 7, interleaved)");
        for (int n : new int[] {256, 1024}) {
            Random random = new Random(0);
            double[][] q = gaussian(random, n, d);
            double[][] k = gaussian(random, n, d);
            double[][] v = gaussian(random, n, d);
            long[] pos = range(n);
            RandomFeatures f = features(Estimator.FAVOR_PLUS, 64, d, 1);
            List<String> names = List.of("tree-less", "alignment 0.5", "alignment 0.7", "alignment 0.9", "FAVOR+ 0.5");
            List<TraversalOptions> options = List.of(TraversalOptions.of(Estimator.TREE_LESS, 1),
                    TraversalOptions.of(Estimator.ALIGNMENT, 0.5).withUnreached(Unreached.ESTIMATE),
                    TraversalOptions.of(Estimator.ALIGNMENT, 0.7).withUnreached(Unreached.ESTIMATE),
                    TraversalOptions.of(Estimator.ALIGNMENT, 0.9).withUnreached(Unreached.ESTIMATE),
                    TraversalOptions.of(Estimator.FAVOR_PLUS, 0.5).withFeatures(64, true)
                            .withUnreached(Unreached.ESTIMATE));
            long[][] times = new long[options.size()][7];
            for (int rep = 0; rep < 7; rep++) {
                for (int m = 0; m < options.size(); m++) {
                    long start = System.nanoTime();
                    new TreeAttention(options.get(m)).attend(0, q, pos, k, v, pos, 1 / Math.sqrt(d), f,
                            new TraversalStats(), null);
                    times[m][rep] = System.nanoTime() - start;
                }
            }
            long base = median(times[0]);
            for (int m = 0; m < options.size(); m++) {
                System.out.printf("  n=%-5d %-14s %8.2f ms  ratio %.2f%n", n, names.get(m), median(times[m]) / 1e6,
                        (double) median(times[m]) / base);
            }
        }
    }

    private static long median(long[] x) {
        long[] copy = x.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    private static double meanAbs(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double x : row) {
                s += Math.abs(x);
            }
        }
        return s / (a.length * a[0].length);
    }

    private static double meanAbsDifference(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                s += Math.abs(a[i][c] - b[i][c]);
            }
        }
        return s / (a.length * a[0].length);
    }
}
