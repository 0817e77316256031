package dev.attnlab.treekernel.kernel;

import dev.attnlab.api.ApiStatus;
import java.util.Random;

/**
 * A random feature map {@code phi: R^D -> R^R} drawn once, with {@code phi(q).phi(k)} estimating a
 * kernel of q and k. Features are returned as logarithms so that sums over many keys can be kept with a
 * common shift and never overflow.
 *
 * <p>{@link Kind#POSITIVE} (FAVOR+) uses {@code phi_r(x) = exp(w_r.x - |x|^2/2) / sqrt(R)} with
 * {@code w_r ~ N(0, I)}: then {@code E[phi(q).phi(k)] = exp(q.k)} exactly. {@link Kind#RELU} uses
 * {@code phi_r(x) = relu(w_r.x)^p / sqrt(R)}, which estimates a different (arc-cosine) kernel.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class RandomFeatures {

    /** The feature family. */
    public enum Kind { POSITIVE, RELU }

    private final Kind kind;
    private final double[][] projections;
    private final double power;

    private RandomFeatures(Kind kind, double[][] projections, double power) {
        this.kind = kind;
        this.projections = projections;
        this.power = power;
    }

    /**
     * Draws {@code r} projection vectors of dimension {@code d}: independent standard normal, or, when
     * {@code orthogonal}, blocks of {@code d} mutually orthogonal directions whose lengths are drawn
     * from the chi distribution with {@code d} degrees of freedom, so each vector is still marginally
     * N(0, I) and the estimator stays unbiased.
     */
    public static RandomFeatures draw(Kind kind, int r, int d, boolean orthogonal, double power, Random random) {
        if (r < 1 || d < 1) {
            throw new IllegalArgumentException("features " + r + " and dimension " + d + " must be positive");
        }
        double[][] w = new double[r][];
        for (int start = 0; start < r; start += d) {
            // an orthogonal block needs all d directions; iid draws only the rows that are used
            double[][] block = gaussian(orthogonal ? d : Math.min(d, r - start), d, random);
            if (orthogonal) {
                orthonormalise(block);
                for (double[] row : block) {
                    double length = norm(gaussian(1, d, random)[0]);
                    scale(row, length);
                }
            }
            for (int i = 0; i < block.length && start + i < r; i++) {
                w[start + i] = block[i];
            }
        }
        return new RandomFeatures(kind, w, power);
    }

    public Kind kind() {
        return kind;
    }

    /** R, the number of features. */
    public int size() {
        return projections.length;
    }

    /** {@code log phi_r(x)} for every feature r; {@code -Infinity} where a ReLU feature is zero. */
    public double[] logFeatures(double[] x) {
        int r = projections.length;
        double[] out = new double[r];
        double halfSquaredNorm = 0.5 * dot(x, x);
        double logNormaliser = 0.5 * Math.log(r);
        for (int i = 0; i < r; i++) {
            double projection = dot(projections[i], x);
            if (kind == Kind.POSITIVE) {
                out[i] = projection - halfSquaredNorm - logNormaliser;
            } else {
                out[i] = projection > 0 ? power * Math.log(projection) - logNormaliser : Double.NEGATIVE_INFINITY;
            }
        }
        return out;
    }

    /** The estimate {@code phi(q).phi(k)} of the kernel value at (q, k). */
    public double estimate(double[] q, double[] k) {
        double[] lq = logFeatures(q);
        double[] lk = logFeatures(k);
        double sum = 0;
        for (int i = 0; i < lq.length; i++) {
            sum += Math.exp(lq[i] + lk[i]);
        }
        return sum;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void scale(double[] a, double factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
    }

    private static double[][] gaussian(int rows, int cols, Random random) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return g;
    }

    /** Modified Gram-Schmidt on the rows (a square Gaussian matrix has full rank with probability 1). */
    private static void orthonormalise(double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < i; j++) {
                double projection = dot(rows[i], rows[j]);
                for (int c = 0; c < rows[i].length; c++) {
                    rows[i][c] -= projection * rows[j][c];
                }
            }
            scale(rows[i], 1.0 / norm(rows[i]));
        }
    }
}
