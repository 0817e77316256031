package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.treekernel.kernel.RandomFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Causal attention of one head in which each query reaches its high-scoring keys by descending a
 * {@link KeyTree} instead of scoring every key.
 *
 * <p>For a query that sees the first {@code m} keys, the frontier starts as the few nodes that cover
 * exactly those keys. While the frontier has fewer than {@code ceil(m^exponent)} nodes, one non-leaf
 * node is chosen (largest estimated mass, or drawn in proportion to it) and replaced by its two
 * children. The softmax is then taken exactly over the keys that are leaves of the frontier; the
 * non-leaf nodes left are dropped or kept as single estimated terms ({@link Unreached}). With exponent
 * 1 every key is reached and the result is exact causal attention.
 *
 * <p>Cost: building the tree is O(S(D + R)) per head. A query with budget B costs one dot product per
 * starting node and per expansion (the right child's value is derived from its parent's and its left
 * sibling's, as the estimators are linear in the node sums) plus the exact scores of reached keys
 * not already known. Greedy selection keeps the expandable nodes in a heap (O(log B) per step); sampled
 * selection scans the frontier (O(B) per step).
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class TreeAttention {

    private final TraversalOptions options;

    public TreeAttention(TraversalOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public TraversalOptions options() {
        return options;
    }

    /**
     * Attends one head.
     *
     * @param head           the head index (mixed into the sampling seed)
     * @param queries        {@code [T][D]}
     * @param queryPositions the T queries' absolute positions
     * @param keys           {@code [S][D]}, in non-decreasing position order
     * @param values         {@code [S][Dv]}
     * @param keyPositions   the S keys' absolute positions; a query sees keys at or before its position
     * @param scale          the score scale, scores are {@code scale * q.k}
     * @param features       the feature map for the FAVOR estimators (drawn once per head); else null
     * @param stats          where the work done is counted
     * @param tracer         receives each query's trace, or null for none (tracing costs time)
     * @return {@code [T][Dv]}
     */
    public double[][] attend(int head, double[][] queries, long[] queryPositions, double[][] keys,
                             double[][] values, long[] keyPositions, double scale, RandomFeatures features,
                             TraversalStats stats, Consumer<QueryTrace> tracer) {
        checkSorted(keyPositions);
        if (options.estimator().usesFeatures() && features == null) {
            throw new IllegalArgumentException("estimator " + options.estimator().id() + " needs a feature map");
        }
        int valueDim = values.length == 0 ? (queries.length == 0 ? 0 : queries[0].length) : values[0].length;
        double[][] out = new double[queries.length][valueDim];
        if (keys.length == 0) {
            return out;
        }
        RandomFeatures used = options.estimator().usesFeatures() ? features : null;
        KeyTree tree = KeyTree.build(keys, values, used, Math.sqrt(scale));
        for (int t = 0; t < queries.length; t++) {
            int visible = countVisible(keyPositions, queryPositions[t]);
            Random random = new Random(mix(options.seed(), head, queryPositions[t]));
            Query query = new Query(tree, queries[t], visible, scale, used, random);
            out[t] = query.run(head, t, keys, stats, tracer);
        }
        return out;
    }

    private static void checkSorted(long[] keyPositions) {
        for (int j = 1; j < keyPositions.length; j++) {
            if (keyPositions[j] < keyPositions[j - 1]) {
                throw new IllegalArgumentException("key positions must be non-decreasing, but position "
                        + keyPositions[j] + " follows " + keyPositions[j - 1] + " at index " + j);
            }
        }
    }

    private static int countVisible(long[] keyPositions, long queryPosition) {
        int lo = 0;
        int hi = keyPositions.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keyPositions[mid] <= queryPosition) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A well-spread seed per (seed, head, position): sampling does not depend on how runs are split. */
    private static long mix(long seed, int head, long position) {
        long z = seed * 0x9E3779B97F4A7C15L + head * 0xBF58476D1CE4E5B9L + position * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The traversal state of one query. */
    private final class Query {
        private final KeyTree tree;
        private final double[] q;
        private final int visible;
        private final double scale;
        private final double[] queryFeatures;
        private final double queryShift;
        private final Random random;
        private final Estimator estimator;
        /*
         * The frontier as parallel arrays indexed by slot (unordered; traces sort by key). An expanded node's
         * slot takes its left child and the right child gets a new slot. raw holds q . keySum (alignment) or
         * phi(q) . featureSum (FAVOR), NaN where not computed: both are linear in the node's sums, so a right
         * child's value is its parent's minus its left sibling's, one dot product per expansion.
         */
        private int[] node;
        private double[] logMass;
        private double[] raw;
        private int size;
        /** Greedy selection: the inner slots by mass, largest first, ties to the leftmost keys. */
        private PriorityQueue<Integer> heap;
        private long nodeEstimates;
        private long keyScores;

        Query(KeyTree tree, double[] q, int visible, double scale, RandomFeatures features, Random random) {
            this.tree = tree;
            this.q = q;
            this.visible = visible;
            this.scale = scale;
            this.random = random;
            this.estimator = options.estimator();
            if (features != null) {
                double[] lq = features.logFeatures(KeyTree.scaled(q, Math.sqrt(scale)));
                double shift = Arrays.stream(lq).max().orElse(0);
                queryShift = Double.isInfinite(shift) ? 0 : shift;
                queryFeatures = new double[lq.length];
                for (int r = 0; r < lq.length; r++) {
                    queryFeatures[r] = Math.exp(lq[r] - queryShift);
                }
            } else {
                queryFeatures = null;
                queryShift = 0;
            }
        }

        double[] run(int head, int index, double[][] keys, TraversalStats stats, Consumer<QueryTrace> tracer) {
            int valueDim = tree.valueSum(tree.root()).length;
            if (visible == 0) {
                stats.record(0, 0, 0, 0);
                return new double[valueDim];
            }
            int budget = options.budget(visible);
            List<Integer> cover = estimator == Estimator.TREE_LESS ? List.of() : tree.prefixCover(visible);
            int capacity = estimator == Estimator.TREE_LESS ? visible : Math.max(budget, cover.size());
            node = new int[capacity];
            logMass = new double[capacity];
            raw = new double[capacity];
            if (options.selection() == Selection.GREEDY) {
                heap = new PriorityQueue<>(Math.max(1, capacity), (a, b) -> {
                    int byMass = Double.compare(logMass[b], logMass[a]);
                    return byMass != 0 ? byMass : Integer.compare(tree.first(node[a]), tree.first(node[b]));
                });
            }
            if (estimator == Estimator.TREE_LESS) {
                for (int j = 0; j < visible; j++) {
                    add(tree.leafOf(j), Double.NaN);
                }
            } else {
                for (int n : cover) {
                    boolean needed = estimator == Estimator.ALIGNMENT || !tree.isLeaf(n);
                    add(n, linear() && needed ? directRaw(n) : Double.NaN);
                }
            }
            List<TraversalStep> steps = new ArrayList<>();
            int expansions = 0;
            while (size < budget) {
                int slot = choose();
                if (slot < 0) {
                    break;
                }
                int chosen = node[slot];
                if (tracer != null) {
                    steps.add(new TraversalStep(expansions, entries(), chosen, tree.left(chosen), tree.right(chosen)));
                }
                expand(slot);
                expansions++;
            }
            List<Integer> reached = new ArrayList<>();
            double[] result = softmax(keys, valueDim, reached);
            stats.record(visible, keyScores, nodeEstimates, expansions);
            if (tracer != null) {
                tracer.accept(new QueryTrace(head, index, visible, budget, steps, entries(), reached));
            }
            return result;
        }

        private boolean linear() {
            return estimator == Estimator.ALIGNMENT || estimator.usesFeatures();
        }

        private void add(int n, double rawValue) {
            int slot = size++;
            set(slot, n, rawValue);
        }

        private void set(int slot, int n, double rawValue) {
            node[slot] = n;
            raw[slot] = rawValue;
            logMass[slot] = tree.isLeaf(n) ? Double.NEGATIVE_INFINITY : selectionMass(n, rawValue);
            if (heap != null && !tree.isLeaf(n)) {
                heap.add(slot);
            }
        }

        /** Replaces the node in {@code slot} by its children, deriving the right child's raw value. */
        private void expand(int slot) {
            int parentNode = node[slot];
            double parent = raw[slot];
            int left = tree.left(parentNode);
            int right = tree.right(parentNode);
            double leftRaw = Double.NaN;
            double rightRaw = Double.NaN;
            boolean needed = estimator == Estimator.ALIGNMENT || !tree.isLeaf(left) || !tree.isLeaf(right);
            if (linear() && needed) {
                leftRaw = directRaw(left);
                rightRaw = parent - leftRaw;
                if (estimator.usesFeatures()) {
                    // feature sums are non-negative; rounding in the subtraction must not make them negative
                    rightRaw = Math.max(0, rightRaw);
                }
            }
            set(slot, left, leftRaw);
            add(right, rightRaw);
        }

        /** One dot product: q against the node's key sum (alignment) or phi(q) against its feature sum. */
        private double directRaw(int n) {
            if (estimator == Estimator.ALIGNMENT) {
                if (tree.isLeaf(n)) {
                    keyScores++;
                } else {
                    nodeEstimates++;
                }
                return dot(q, tree.keySum(n));
            }
            nodeEstimates++;
            return dot(queryFeatures, tree.featureSum(n));
        }

        /** The slot to expand next, or -1 if only leaves remain. */
        private int choose() {
            if (heap != null) {
                Integer best = heap.poll();
                return best == null ? -1 : best;
            }
            double max = Double.NEGATIVE_INFINITY;
            int inner = 0;
            for (int i = 0; i < size; i++) {
                if (!tree.isLeaf(node[i])) {
                    inner++;
                    max = Math.max(max, logMass[i]);
                }
            }
            if (inner == 0) {
                return -1;
            }
            if (max == Double.NEGATIVE_INFINITY) {
                // every inner node has zero estimated mass (possible with ReLU features): no preference
                return nthInner(random.nextInt(inner));
            }
            double total = 0;
            for (int i = 0; i < size; i++) {
                if (!tree.isLeaf(node[i])) {
                    total += Math.exp(logMass[i] - max);
                }
            }
            double u = random.nextDouble() * total;
            int last = -1;
            for (int i = 0; i < size; i++) {
                if (tree.isLeaf(node[i])) {
                    continue;
                }
                double w = Math.exp(logMass[i] - max);
                if (w > 0) {
                    last = i;
                    u -= w;
                    if (u < 0) {
                        return i;
                    }
                }
            }
            return last;
        }

        private int nthInner(int n) {
            int seen = 0;
            for (int i = 0; i < size; i++) {
                if (!tree.isLeaf(node[i]) && seen++ == n) {
                    return i;
                }
            }
            throw new IllegalStateException("fewer than " + (n + 1) + " inner nodes");
        }

        /** The log of the node's mass as the estimator sees it; only the ordering matters for selection. */
        private double selectionMass(int n, double rawValue) {
            int count = tree.count(n);
            return switch (estimator) {
                case TREE_LESS -> throw new IllegalStateException("tree-less has no inner nodes");
                // log(count * exp(scale * q . meanKey)), the Jensen lower bound of sum exp(scale * q.k)
                case ALIGNMENT -> Math.log(count) + scale * rawValue / count;
                case UNIFORM -> Math.log(count);
                case TIME_DECAY -> decayMass(n);
                // log(phi(q) . sum of phi(k)): an estimate of the node's kernel mass
                case FAVOR_PLUS, FAVOR_RELU -> rawValue > 0
                        ? Math.log(rawValue) + queryShift + tree.featureShift() : Double.NEGATIVE_INFINITY;
            };
        }

        /** log of sum over the node's keys j of decay^(visible-1-j): a geometric series. */
        private double decayMass(int n) {
            double b = options.decay();
            int count = tree.count(n);
            if (b == 1.0) {
                return Math.log(count);
            }
            int nearest = visible - tree.end(n);
            return nearest * Math.log(b) + Math.log((1 - Math.pow(b, count)) / (1 - b));
        }

        /** The log-mass an unexpanded node contributes to the final softmax ({@link Unreached#ESTIMATE}). */
        private double contributionMass(int slot) {
            if (estimator == Estimator.ALIGNMENT || estimator == Estimator.FAVOR_PLUS) {
                return logMass[slot];
            }
            nodeEstimates++;
            int count = tree.count(node[slot]);
            return Math.log(count) + scale * dot(q, tree.keySum(node[slot])) / count;
        }

        private double[] softmax(double[][] keys, int valueDim, List<Integer> reached) {
            double[] logits = new double[size];
            boolean[] used = new boolean[size];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < size; i++) {
                int n = node[i];
                if (tree.isLeaf(n)) {
                    int key = tree.first(n);
                    reached.add(key);
                    double score;
                    if (estimator == Estimator.ALIGNMENT && !Double.isNaN(raw[i])) {
                        score = raw[i];
                    } else {
                        keyScores++;
                        score = dot(q, keys[key]);
                    }
                    logits[i] = scale * score;
                    used[i] = true;
                } else if (options.unreached() == Unreached.ESTIMATE) {
                    logits[i] = contributionMass(i);
                    used[i] = logits[i] > Double.NEGATIVE_INFINITY;
                }
                if (used[i]) {
                    max = Math.max(max, logits[i]);
                }
            }
            reached.sort(null);
            double[] out = new double[valueDim];
            double total = 0;
            for (int i = 0; i < size; i++) {
                if (!used[i]) {
                    continue;
                }
                double w = Math.exp(logits[i] - max);
                total += w;
                double[] value = tree.valueSum(node[i]);
                double perValue = w / tree.count(node[i]);
                for (int c = 0; c < valueDim; c++) {
                    out[c] += perValue * value[c];
                }
            }
            if (total > 0) {
                for (int c = 0; c < valueDim; c++) {
                    out[c] /= total;
                }
            }
            return out;
        }

        /** The frontier left to right, with each node's share of the mass of the expandable nodes. */
        private List<FrontierEntry> entries() {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < size; i++) {
                max = Math.max(max, logMass[i]);
            }
            double total = 0;
            for (int i = 0; i < size; i++) {
                total += max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logMass[i] - max);
            }
            List<FrontierEntry> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                double p = total > 0 ? Math.exp(logMass[i] - max) / total : 0;
                list.add(new FrontierEntry(node[i], tree.first(node[i]), tree.end(node[i]), logMass[i], p));
            }
            list.sort(java.util.Comparator.comparingInt(FrontierEntry::first));
            return list;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
