package dev.attnlab.autocompressor;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.compress.CompressedContext;
import dev.attnlab.api.compress.ContextCompressor;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;

/**
 * An AutoCompressor prepared for one model: turns a context into summary vectors, segment by segment.
 *
 * <p>For each segment the model runs once on the soft prompt [summaries so far ; the segment's token
 * embeddings ; the kappa summary-token embeddings] (no token ids), and the final hidden states at the
 * last kappa positions are that segment's summary vectors. With {@code accumulate} the next segment reads
 * the summaries of all earlier segments, else only the previous segment's.
 *
 * <p>A context too short for one segment's kappa summaries to fit the budget, but that fits it as tokens, is
 * returned as it is ({@link CompressedContext.Tokens}): summaries would cost more positions than the tokens
 * (the first window of a strided evaluation has a one-token context, for instance).
 *
 * <p>Otherwise the result is a {@link CompressedContext.SoftPrompt}: the summary vectors followed by the
 * token embeddings of the protected tail (a compressed context is either tokens or vectors, so the
 * tail, which must reach the model unchanged, travels as its own embedding rows; the model reads the
 * same vectors it would look up for those tokens).
 *
 * <p>The budget is read as a vector count: when the accumulated summaries plus the tail exceed it, the
 * oldest segments' summaries are dropped, whole segments at a time.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class SummaryCompressor implements ContextCompressor {

    private final LanguageModel model;
    private final FloatTensor summaryTokens;
    private final AutoCompressorSettings settings;
    private final int dim;

    SummaryCompressor(LanguageModel model, FloatTensor summaryTokens, AutoCompressorSettings settings) {
        this.model = model;
        this.summaryTokens = summaryTokens;
        this.settings = settings;
        this.dim = (int) summaryTokens.dim(1);
    }

    @Override
    public CompressedContext compress(int[] context, Budget budget, int protectedTail) {
        if (protectedTail < 0 || protectedTail > context.length) {
            throw new IllegalArgumentException("protected tail " + protectedTail + " must be in 0.."
                    + context.length + " (the context length)");
        }
        int raw = Math.min(context.length, Math.max(protectedTail, settings.keepTokens()));
        int allowed = budget.resolve(context.length);
        if (allowed < raw) {
            throw new IllegalArgumentException("budget " + budget + " (" + allowed + " positions) is smaller than "
                    + "the " + raw + " tokens kept as they are (protected tail " + protectedTail + ", keep_tokens "
                    + settings.keepTokens() + ")");
        }
        int kappa = settings.summaryVectors();
        int body = context.length - raw;
        int[] lengths = settings.split(body);
        int blocksAllowed = (allowed - raw) / kappa;
        if (lengths.length > 0 && blocksAllowed < 1 && context.length <= allowed) {
            // too short to be worth kappa summaries, and within the budget as it is
            return new CompressedContext.Tokens(context);
        }
        if (lengths.length > 0 && blocksAllowed < 1) {
            throw new IllegalArgumentException("budget " + budget + " (" + allowed + " positions) cannot hold "
                    + kappa + " summary vectors plus the " + raw + " tokens kept as they are; raise the "
                    + "budget or lower summary_vectors");
        }
        FloatTensor summaries = summarize(Arrays.copyOf(context, body), lengths);
        int rows = (int) summaries.dim(0);
        int keep = Math.min(rows, blocksAllowed * kappa);
        FloatTensor kept = Rows.slice(summaries, rows - keep, rows);
        FloatTensor tail = raw == 0 ? Rows.empty(dim)
                : model.embed(Arrays.copyOfRange(context, body, context.length));
        return new CompressedContext.SoftPrompt(Rows.concat(dim, kept, tail));
    }

    /**
     * The summary vectors of {@code tokens} cut into {@code lengths}: every segment's kappa rows when
     * accumulating, else the last segment's; {@code [0, dim]} for no segments.
     */
    FloatTensor summarize(int[] tokens, int[] lengths) {
        int kappa = settings.summaryVectors();
        FloatTensor carried = Rows.empty(dim);
        int start = 0;
        for (int length : lengths) {
            FloatTensor segment = model.embed(Arrays.copyOfRange(tokens, start, start + length));
            start += length;
            FloatTensor prompt = Rows.concat(dim, carried, segment, summaryTokens);
            if (prompt.dim(0) > model.info().maxContext()) {
                throw new IllegalArgumentException("segment " + (start - length) + ".." + start + " with "
                        + carried.dim(0) + " accumulated summary vectors and " + kappa + " summary tokens needs "
                        + prompt.dim(0) + " positions but model '" + model.info().name() + "' takes "
                        + model.info().maxContext() + "; use accumulate = false, fewer or longer segments, or "
                        + "fewer summary_vectors");
            }
            ForwardResult out = model.forward(new ForwardRequest(new int[0], prompt, false, true));
            FloatTensor hidden = out.hiddenStates();
            if (hidden == null || hidden.rank() != 2 || hidden.dim(0) != prompt.dim(0) || hidden.dim(1) != dim) {
                throw new IllegalStateException("model '" + model.info().name() + "' returned hidden states "
                        + (hidden == null ? "null" : Arrays.toString(hidden.shape())) + " for a soft prompt of "
                        + prompt.dim(0) + " rows; expected [" + prompt.dim(0) + ", " + dim + "]");
            }
            int rows = (int) hidden.dim(0);
            FloatTensor fresh = Rows.slice(hidden, rows - kappa, rows);
            carried = settings.accumulate() ? Rows.concat(dim, carried, fresh) : fresh;
        }
        return carried;
    }
}
