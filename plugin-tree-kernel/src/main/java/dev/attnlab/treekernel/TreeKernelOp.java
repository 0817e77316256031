package dev.attnlab.treekernel;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.treekernel.kernel.RandomFeatures;
import dev.attnlab.treekernel.tree.QueryTrace;
import dev.attnlab.treekernel.tree.TraversalOptions;
import dev.attnlab.treekernel.tree.TraversalStats;
import dev.attnlab.treekernel.tree.TreeAttention;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The tree-kernel attention core of one layer as a host op.
 *
 * <p>Inputs, in order: query {@code [B, H, T, D]}, keys {@code [B, H, S, D]} and values
 * {@code [B, H, S, Dv]} (cache plus new entries, heads already repeated for grouped-query attention),
 * query positions {@code [T]} and key positions {@code [S]} (as float32). Output: {@code [B, H, T, Dv]}.
 * The random features of each head are drawn once, when the op is made, from the seed, the layer and
 * the head, so every run and every decode step of a layer uses the same features.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class TreeKernelOp implements HostOp {

    private final String name;
    private final TreeAttention attention;
    private final float scale;
    private final RandomFeatures[] features;
    private final TraversalStats stats;
    private final PrintStream verbose;

    /**
     * @param layer   the layer (mixed into the feature seed)
     * @param heads   the number of query heads
     * @param headDim the head dimension D
     * @param verbose where to print the trace of each head's last query per run, or null for silence
     */
    public TreeKernelOp(int layer, int heads, int headDim, float scale, TraversalOptions options,
                        TraversalStats stats, PrintStream verbose) {
        this.name = "tree-kernel.layer" + layer;
        this.attention = new TreeAttention(options);
        this.scale = scale;
        this.stats = stats;
        this.verbose = verbose;
        this.features = new RandomFeatures[heads];
        if (options.estimator().usesFeatures()) {
            RandomFeatures.Kind kind = options.estimator() == dev.attnlab.treekernel.tree.Estimator.FAVOR_PLUS
                    ? RandomFeatures.Kind.POSITIVE : RandomFeatures.Kind.RELU;
            for (int h = 0; h < heads; h++) {
                Random random = new Random(options.seed() * 1_000_003L + layer * 10_007L + h);
                features[h] = RandomFeatures.draw(kind, options.features(), headDim, options.orthogonal(),
                        options.featurePower(), random);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Integer> outputRanks() {
        return List.of(4);
    }

    @Override
    public List<FloatTensor> compute(List<FloatTensor> inputs) {
        if (inputs.size() != 5) {
            throw new IllegalArgumentException(name + ": expected 5 inputs (query, keys, values, query positions,"
                    + " key positions), got " + inputs.size());
        }
        FloatTensor q = inputs.get(0);
        FloatTensor k = inputs.get(1);
        FloatTensor v = inputs.get(2);
        long[] qPos = positions(inputs.get(3), "query positions");
        long[] kPos = positions(inputs.get(4), "key positions");
        requireRank(q, 4, "query");
        requireRank(k, 4, "keys");
        requireRank(v, 4, "values");
        int b = (int) q.dim(0);
        int h = (int) q.dim(1);
        int t = (int) q.dim(2);
        int d = (int) q.dim(3);
        int s = (int) k.dim(2);
        int dv = (int) v.dim(3);
        if (k.dim(0) != b || k.dim(1) != h || k.dim(3) != d || v.dim(0) != b || v.dim(1) != h || v.dim(2) != s) {
            throw new IllegalArgumentException(name + ": keys " + Arrays.toString(k.shape()) + " and values "
                    + Arrays.toString(v.shape()) + " do not fit query " + Arrays.toString(q.shape())
                    + "; expected keys [B, H, S, D] and values [B, H, S, Dv] with the query's B, H and D");
        }
        if (qPos.length != t || kPos.length != s) {
            throw new IllegalArgumentException(name + ": " + qPos.length + " query positions for " + t
                    + " queries and " + kPos.length + " key positions for " + s + " keys; expected one each");
        }
        if (h != features.length) {
            throw new IllegalArgumentException(name + ": query has " + h + " heads, the op was made for "
                    + features.length);
        }
        float[] out = new float[b * h * t * dv];
        QueryTrace[] lastTraces = new QueryTrace[b * h];
        // slabs (batch row, head) are independent and write disjoint parts of out: run them in parallel;
        // sampling seeds depend on (seed, head, position) only, so the result does not depend on threads
        IntStream.range(0, b * h).parallel().forEach(slab -> {
            int head = slab % h;
            double[][] queries = rows(q.data(), slab, t, d);
            double[][] keys = rows(k.data(), slab, s, d);
            double[][] values = rows(v.data(), slab, s, dv);
            Consumer<QueryTrace> tracer = verbose == null ? null : trace -> lastTraces[slab] = trace;
            double[][] result = attention.attend(head, queries, qPos, keys, values, kPos, scale, features[head], stats,
                    tracer);
            for (int ti = 0; ti < t; ti++) {
                for (int c = 0; c < dv; c++) {
                    out[(slab * t + ti) * dv + c] = (float) result[ti][c];
                }
            }
        });
        if (verbose != null) {
            for (int slab = 0; slab < lastTraces.length; slab++) {
                if (lastTraces[slab] != null) {
                    verbose.println(name + " batch " + slab / h);
                    lastTraces[slab].print(verbose);
                }
            }
        }
        return List.of(FloatTensor.of(out, b, h, t, dv));
    }

    private void requireRank(FloatTensor x, int rank, String what) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(name + ": " + what + " must have rank " + rank + ", got shape "
                    + Arrays.toString(x.shape()));
        }
    }

    private long[] positions(FloatTensor p, String what) {
        if (p.rank() != 1) {
            throw new IllegalArgumentException(name + ": " + what + " must be 1-D, got shape "
                    + Arrays.toString(p.shape()));
        }
        long[] out = new long[p.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(p.data()[i]);
        }
        return out;
    }

    private static double[][] rows(float[] data, int slab, int n, int width) {
        double[][] out = new double[n][width];
        int base = slab * n * width;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < width; c++) {
                out[i][c] = data[base + i * width + c];
            }
        }
        return out;
    }
}
