package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.treekernel.kernel.RandomFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * A balanced binary tree whose leaves are the keys {@code 0..S-1} of one head, in position order. Each
 * node covers a contiguous range of keys and holds the sums over that range of the keys, of the values
 * and (when a feature map is given) of the keys' feature vectors, which is all any estimator needs.
 *
 * <p>Feature sums are stored divided by {@code exp(featureShift())}, the largest log-feature of any key,
 * so that the positive features of large keys do not overflow.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class KeyTree {

    private final int leaves;
    private final int[] lo;
    private final int[] hi;
    private final int[] left;
    private final int[] right;
    private final int[] leafOfKey;
    private final double[][] keySum;
    private final double[][] valueSum;
    private final double[][] featureSum;
    private final double featureShift;
    private int next;

    private KeyTree(int leaves, int dim, int valueDim, int features, double featureShift) {
        this.leaves = leaves;
        int nodes = 2 * leaves - 1;
        lo = new int[nodes];
        hi = new int[nodes];
        left = new int[nodes];
        right = new int[nodes];
        leafOfKey = new int[leaves];
        keySum = new double[nodes][dim];
        valueSum = new double[nodes][valueDim];
        featureSum = features > 0 ? new double[nodes][features] : null;
        this.featureShift = featureShift;
    }

    /**
     * Builds the tree over {@code keys[j]} and {@code values[j]}.
     *
     * @param features     the feature map to aggregate, or null for estimators without features
     * @param featureScale keys are multiplied by it before the feature map ({@code sqrt(score scale)})
     */
    public static KeyTree build(double[][] keys, double[][] values, RandomFeatures features, double featureScale) {
        int s = keys.length;
        if (s == 0) {
            throw new IllegalArgumentException("a key tree needs at least one key");
        }
        double shift = 0;
        double[][] logFeatures = null;
        if (features != null) {
            logFeatures = new double[s][];
            shift = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                logFeatures[j] = features.logFeatures(scaled(keys[j], featureScale));
                for (double f : logFeatures[j]) {
                    shift = Math.max(shift, f);
                }
            }
            if (shift == Double.NEGATIVE_INFINITY) {
                shift = 0;
            }
        }
        KeyTree tree = new KeyTree(s, keys[0].length, values[0].length, features == null ? 0 : features.size(), shift);
        tree.fill(0, s, keys, values, logFeatures);
        return tree;
    }

    private int fill(int from, int to, double[][] keys, double[][] values, double[][] logFeatures) {
        int node = next++;
        lo[node] = from;
        hi[node] = to;
        if (to - from == 1) {
            left[node] = -1;
            right[node] = -1;
            leafOfKey[from] = node;
            System.arraycopy(keys[from], 0, keySum[node], 0, keySum[node].length);
            System.arraycopy(values[from], 0, valueSum[node], 0, valueSum[node].length);
            if (featureSum != null) {
                for (int r = 0; r < featureSum[node].length; r++) {
                    featureSum[node][r] = Math.exp(logFeatures[from][r] - featureShift);
                }
            }
            return node;
        }
        int mid = (from + to) >>> 1;
        int l = fill(from, mid, keys, values, logFeatures);
        int r = fill(mid, to, keys, values, logFeatures);
        left[node] = l;
        right[node] = r;
        add(keySum[node], keySum[l], keySum[r]);
        add(valueSum[node], valueSum[l], valueSum[r]);
        if (featureSum != null) {
            add(featureSum[node], featureSum[l], featureSum[r]);
        }
        return node;
    }

    private static void add(double[] into, double[] a, double[] b) {
        for (int i = 0; i < into.length; i++) {
            into[i] = a[i] + b[i];
        }
    }

    static double[] scaled(double[] x, double factor) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * factor;
        }
        return out;
    }

    /** The root, covering every key. */
    public int root() {
        return 0;
    }

    public int leafCount() {
        return leaves;
    }

    /**
     * The fewest nodes that together cover exactly keys {@code 0..visible-1}, left to right: the
     * starting frontier of a query that sees that prefix (at most about {@code 2 log2 S} nodes).
     */
    public List<Integer> prefixCover(int visible) {
        List<Integer> out = new ArrayList<>();
        cover(0, visible, out);
        return out;
    }

    private void cover(int node, int visible, List<Integer> out) {
        if (hi[node] <= visible) {
            out.add(node);
        } else if (lo[node] < visible) {
            cover(left[node], visible, out);
            cover(right[node], visible, out);
        }
    }

    /** The leaf node of key {@code key}. */
    public int leafOf(int key) {
        return leafOfKey[key];
    }

    public boolean isLeaf(int node) {
        return left[node] < 0;
    }

    public int left(int node) {
        return left[node];
    }

    public int right(int node) {
        return right[node];
    }

    /** The first key the node covers. */
    public int first(int node) {
        return lo[node];
    }

    /** One past the last key the node covers. */
    public int end(int node) {
        return hi[node];
    }

    public int count(int node) {
        return hi[node] - lo[node];
    }

    /** The sum of the node's keys (the key itself at a leaf); do not modify. */
    public double[] keySum(int node) {
        return keySum[node];
    }

    /** The sum of the node's values; do not modify. */
    public double[] valueSum(int node) {
        return valueSum[node];
    }

    /** The sum of the node's feature vectors divided by {@code exp(featureShift())}; do not modify. */
    public double[] featureSum(int node) {
        if (featureSum == null) {
            throw new IllegalStateException("this tree was built without a feature map");
        }
        return featureSum[node];
    }

    public double featureShift() {
        return featureShift;
    }
}
