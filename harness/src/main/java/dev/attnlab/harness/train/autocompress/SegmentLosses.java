package dev.attnlab.harness.train.autocompress;

/**
 * Mean next-token loss (nats per token) on the same tokens of the segments after the first, under three
 * contexts: the summaries of the earlier segments, nothing but the segment itself, and the full window.
 *
 * @param summary     given the carried summary vectors (the AutoCompressor)
 * @param otherWindow given summary vectors made from a different window (a control: same number of soft
 *                    prompt vectors, unrelated content; it should be no better than no context)
 * @param noContext   given only the segment's own earlier tokens
 * @param fullContext given every earlier token of the window (full attention, the upper reference)
 * @param tokens      how many tokens were scored
 */
public record SegmentLosses(double summary, double otherWindow, double noContext, double fullContext, long tokens) {

    /** The share of the no-context to full-context gap that the summaries close (1 = as good as full context). */
    public double gapClosed() {
        double gap = noContext - fullContext;
        return gap == 0 ? Double.NaN : (noContext - summary) / gap;
    }

    public double summaryPerplexity() {
        return Math.exp(summary);
    }

    public double noContextPerplexity() {
        return Math.exp(noContext);
    }

    public double fullContextPerplexity() {
        return Math.exp(fullContext);
    }
}
