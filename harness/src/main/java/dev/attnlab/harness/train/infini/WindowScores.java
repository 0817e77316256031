package dev.attnlab.harness.train.infini;

/**
 * How a method predicts on a set of windows, next to full attention on the same tokens.
 *
 * @param klNats         mean over positions of KL(P_full || P_method), nats per token
 * @param methodLoss     the method's mean next-token cross-entropy, nats
 * @param fullLoss       full attention's mean next-token cross-entropy, nats
 */
public record WindowScores(double klNats, double methodLoss, double fullLoss) {

    public double methodPerplexity() {
        return Math.exp(methodLoss);
    }

    public double fullPerplexity() {
        return Math.exp(fullLoss);
    }
}
