package dev.attnlab.harness.train.infini;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Per-position scores of logits {@code [batch, length, vocab]}, as DJL arrays. */
final class TokenScores {

    private TokenScores() {
    }

    /** Mean over positions of KL(P || Q); P, the reference, is not differentiated. */
    static NDArray klDivergence(NDArray referenceLogits, NDArray methodLogits) {
        NDArray logP = referenceLogits.stopGradient().logSoftmax(-1);
        NDArray logQ = methodLogits.logSoftmax(-1);
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1}).mean();
    }

    /** Mean cross-entropy (nats) of predicting token {@code i + 1} of each window from position {@code i}. */
    static NDArray nextTokenLoss(NDArray logits, long[] windows, int batch, int length) {
        long[] targets = new long[batch * (length - 1)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows, b * length + 1, targets, b * (length - 1), length - 1);
        }
        NDArray index = logits.getManager().create(targets, new Shape(batch, length - 1, 1));
        return logits.get(":, :-1, :").logSoftmax(-1).gather(index, 2).neg().mean();
    }
}
