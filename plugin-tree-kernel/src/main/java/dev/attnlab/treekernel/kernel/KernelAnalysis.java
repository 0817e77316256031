package dev.attnlab.treekernel.kernel;

import dev.attnlab.api.ApiStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures how well random features estimate the softmax kernel {@code exp(scaling * q.k)}: the mean,
 * standard deviation and std/mean of the estimate over many independent draws of the features, at a
 * chosen geometry of q and k, and swept over their norms.
 *
 * <p>For iid FAVOR+ features there is a closed form. With {@code x = sqrt(scaling) q},
 * {@code y = sqrt(scaling) k} and one feature {@code Z = exp(w.(x+y) - |x|^2/2 - |y|^2/2)}, w ~ N(0, I):
 * {@code E[Z] = exp(x.y)} and {@code E[Z^2] = exp(2|x+y|^2 - |x|^2 - |y|^2)}, so averaging R features
 * gives {@code Var = exp(2 x.y) (exp(|x+y|^2) - 1) / R} and {@code std/mean = sqrt((exp(|x+y|^2) - 1) / R)}.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class KernelAnalysis {

    private KernelAnalysis() {
    }

    /**
     * One configuration.
     *
     * @param kind       POSITIVE (FAVOR+) or RELU (FAVOR+ReLU)
     * @param dim        D
     * @param features   R
     * @param orthogonal orthogonal feature blocks
     * @param queryNorm  |q|
     * @param keyNorm    |k|
     * @param cosine     the cosine of the angle between q and k (1: the query equals the key's direction)
     * @param scaling    the score scale S: the kernel is exp(S q.k)
     * @param power      the power p of ReLU features relu(w.x)^p (ignored by FAVOR+)
     * @param draws      independent feature draws
     * @param seed       seed of the draws and of the directions of q and k
     */
    public record Setup(RandomFeatures.Kind kind, int dim, int features, boolean orthogonal, double queryNorm,
                        double keyNorm, double cosine, double scaling, double power, int draws, long seed) {

        public Setup {
            if (dim < 2 || features < 1 || draws < 2) {
                throw new IllegalArgumentException("need dim >= 2, features >= 1 and draws >= 2; got dim " + dim
                        + ", features " + features + ", draws " + draws);
            }
            if (cosine < -1 || cosine > 1) {
                throw new IllegalArgumentException("cosine " + cosine + " outside [-1, 1]");
            }
            if (!(scaling > 0) || queryNorm < 0 || keyNorm < 0) {
                throw new IllegalArgumentException("scaling must be positive and norms non-negative");
            }
        }

        public Setup withNorms(double q, double k) {
            return new Setup(kind, dim, features, orthogonal, q, k, cosine, scaling, power, draws, seed);
        }

        public Setup with(RandomFeatures.Kind newKind, boolean newOrthogonal) {
            return new Setup(newKind, dim, features, newOrthogonal, queryNorm, keyNorm, cosine, scaling, power,
                    draws, seed);
        }

        public String method() {
            return kind == RandomFeatures.Kind.POSITIVE ? "FAVOR+" : "FAVOR+ReLU";
        }
    }

    /** The estimator's statistics at the setup's norms. */
    public static KernelEstimate estimate(Setup s) {
        Random random = new Random(s.seed());
        double[][] pair = pair(s.dim(), s.queryNorm(), s.keyNorm(), s.cosine(), random);
        double root = Math.sqrt(s.scaling());
        double[] x = scaled(pair[0], root);
        double[] y = scaled(pair[1], root);
        double exact = Math.exp(RandomFeatures.dot(x, y));
        // Welford's running moments: stable for the heavy-tailed FAVOR+ estimates
        double mean = 0;
        double m2 = 0;
        for (int i = 1; i <= s.draws(); i++) {
            RandomFeatures f = RandomFeatures.draw(s.kind(), s.features(), s.dim(), s.orthogonal(), s.power(), random);
            double z = f.estimate(x, y);
            double delta = z - mean;
            mean += delta / i;
            m2 += delta * (z - mean);
        }
        double std = Math.sqrt(m2 / (s.draws() - 1));
        double closed = s.kind() == RandomFeatures.Kind.POSITIVE && !s.orthogonal()
                ? favorStd(x, y, s.features()) : Double.NaN;
        return new KernelEstimate(s.method(), s.orthogonal(), s.queryNorm(), s.keyNorm(), exact, mean, std,
                s.draws(), closed);
    }

    /** The setup evaluated at {@code steps} norms {@code i/steps} of the given ones, i = 1..steps. */
    public static List<KernelEstimate> sweep(Setup s, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps " + steps + " must be at least 1");
        }
        List<KernelEstimate> out = new ArrayList<>();
        for (int i = 1; i <= steps; i++) {
            double f = (double) i / steps;
            out.add(estimate(s.withNorms(s.queryNorm() * f, s.keyNorm() * f)));
        }
        return out;
    }

    /**
     * The exact standard deviation of the iid FAVOR+ estimate of {@code exp(x.y)} with R features:
     * {@code sqrt(exp(2 x.y) (exp(|x+y|^2) - 1) / R)} (inputs already scaled).
     */
    public static double favorStd(double[] x, double[] y, int features) {
        double[] sum = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sum[i] = x[i] + y[i];
        }
        double u2 = RandomFeatures.dot(sum, sum);
        return Math.exp(RandomFeatures.dot(x, y)) * Math.sqrt(Math.expm1(u2) / features);
    }

    /** The closed-form std/mean of iid FAVOR+ given {@code |x+y|^2} of the scaled vectors. */
    public static double favorRatio(double sumSquaredNorm, int features) {
        return Math.sqrt(Math.expm1(sumSquaredNorm) / features);
    }

    /** q of norm {@code qn} and k of norm {@code kn} with the given cosine, in random directions. */
    static double[][] pair(int dim, double qn, double kn, double cosine, Random random) {
        double[] u = unit(gaussian(dim, random));
        double[] v = gaussian(dim, random);
        double along = RandomFeatures.dot(u, v);
        for (int i = 0; i < dim; i++) {
            v[i] -= along * u[i];
        }
        v = unit(v);
        double sine = Math.sqrt(Math.max(0, 1 - cosine * cosine));
        double[] q = new double[dim];
        double[] k = new double[dim];
        for (int i = 0; i < dim; i++) {
            q[i] = qn * u[i];
            k[i] = kn * (cosine * u[i] + sine * v[i]);
        }
        return new double[][] {q, k};
    }

    private static double[] gaussian(int dim, Random random) {
        double[] g = new double[dim];
        for (int i = 0; i < dim; i++) {
            g[i] = random.nextGaussian();
        }
        return g;
    }

    private static double[] unit(double[] a) {
        return scaled(a, 1 / RandomFeatures.norm(a));
    }

    private static double[] scaled(double[] a, double f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * f;
        }
        return out;
    }
}
