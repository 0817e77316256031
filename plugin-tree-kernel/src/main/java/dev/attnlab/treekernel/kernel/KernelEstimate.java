package dev.attnlab.treekernel.kernel;

import dev.attnlab.api.ApiStatus;

/**
 * Monte-Carlo statistics of one random-feature estimator of {@code exp(scaling * q.k)} at one (q, k).
 *
 * @param method         {@code FAVOR+} or {@code FAVOR+ReLU}
 * @param orthogonal     whether features were drawn in orthogonal blocks
 * @param queryNorm      |q|
 * @param keyNorm        |k|
 * @param exact          {@code exp(scaling * q.k)}
 * @param mean           the mean estimate over the draws
 * @param std            the sample standard deviation over the draws
 * @param draws          the number of independent feature draws
 * @param closedFormStd  the exact standard deviation of the iid FAVOR+ estimator, NaN where no closed
 *                       form applies (orthogonal or ReLU features)
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record KernelEstimate(String method, boolean orthogonal, double queryNorm, double keyNorm, double exact,
                             double mean, double std, int draws, double closedFormStd) {

    /** The measured std/mean. */
    public double ratio() {
        return std / mean;
    }

    /** The closed-form std/mean (std over the exact mean), NaN where none applies. */
    public double closedFormRatio() {
        return closedFormStd / exact;
    }

    /** The standard error of {@link #mean()}. */
    public double standardError() {
        return std / Math.sqrt(draws);
    }

    /** A label such as {@code FAVOR+ (orthogonal)}. */
    public String label() {
        return method + (orthogonal ? " (orthogonal)" : " (iid)");
    }
}
