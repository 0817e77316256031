package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import java.util.Objects;

/**
 * The settings of one tree traversal.
 *
 * @param estimator   how node masses are estimated
 * @param exponent    the frontier grows to {@code ceil(n^exponent)} terms for {@code n} visible keys;
 *                    1 reaches every key (exact attention)
 * @param features    number of random features R of the FAVOR estimators
 * @param orthogonal  whether the random features are drawn in orthogonal blocks
 * @param featurePower the power {@code e} of the ReLU features {@code relu(w.x)^e}
 * @param decay       the per-step weight of {@code time-decay}, in (0, 1]
 * @param selection   greedy or sampled expansion
 * @param unreached   what happens to nodes never expanded
 * @param seed        the seed of feature draws and sampling
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record TraversalOptions(Estimator estimator, double exponent, int features, boolean orthogonal,
                               double featurePower, double decay, Selection selection, Unreached unreached,
                               long seed) {

    public TraversalOptions {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(unreached, "unreached");
        if (!(exponent > 0 && exponent <= 1)) {
            throw new IllegalArgumentException("exponent " + exponent + " must lie in (0, 1]");
        }
        if (features < 1) {
            throw new IllegalArgumentException("features " + features + " must be at least 1");
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay " + decay + " must lie in (0, 1]");
        }
        if (!(featurePower > 0)) {
            throw new IllegalArgumentException("featurePower " + featurePower + " must be positive");
        }
    }

    /** Greedy, unreached ignored, 64 iid features, decay 0.99, seed 0. */
    public static TraversalOptions of(Estimator estimator, double exponent) {
        return new TraversalOptions(estimator, exponent, 64, false, 1.0, 0.99, Selection.GREEDY,
                Unreached.IGNORE, 0L);
    }

    public TraversalOptions withSelection(Selection s) {
        return new TraversalOptions(estimator, exponent, features, orthogonal, featurePower, decay, s, unreached, seed);
    }

    public TraversalOptions withUnreached(Unreached u) {
        return new TraversalOptions(estimator, exponent, features, orthogonal, featurePower, decay, selection, u, seed);
    }

    public TraversalOptions withSeed(long s) {
        return new TraversalOptions(estimator, exponent, features, orthogonal, featurePower, decay, selection, unreached, s);
    }

    public TraversalOptions withFeatures(int r, boolean orth) {
        return new TraversalOptions(estimator, exponent, r, orth, featurePower, decay, selection, unreached, seed);
    }

    /** The number of frontier terms for {@code n} visible keys: {@code ceil(n^exponent)}, at most n. */
    public int budget(int n) {
        if (n == 0) {
            return 0;
        }
        return (int) Math.min(n, Math.ceil(Math.pow(n, exponent) - 1e-9));
    }
}
