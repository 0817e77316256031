package dev.attnlab.truncation;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.compress.CompressedContext;
import dev.attnlab.api.compress.ContextCompressor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Attention-score truncation prepared for one model: drops the lowest-scoring unprotected tokens until
 * the context fits the budget, keeping the survivors in their original order.
 *
 * <p>Protected, never dropped: the last {@code protectedTail + protected_suffix} positions, and every
 * position holding a protected token id ({@code protected_tokens}, plus BOS and EOS unless
 * {@code protect_special = false}). The result has exactly {@code budget.resolve(length)} tokens.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class AttentionTruncator implements ContextCompressor {

    private final PositionScorer scorer;
    private final int[] protectedIds;
    private final int protectedSuffix;
    private final Budget configuredBudget;

    AttentionTruncator(PositionScorer scorer, int[] protectedIds, int protectedSuffix, Budget configuredBudget) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.protectedIds = protectedIds.clone();
        Arrays.sort(this.protectedIds);
        this.protectedSuffix = protectedSuffix;
        this.configuredBudget = configuredBudget;
    }

    /** The budget given in the method's settings ({@code budget} or {@code budget_tokens}). */
    public Budget configuredBudget() {
        return configuredBudget;
    }

    @Override
    public CompressedContext.Tokens compress(int[] context, Budget budget, int protectedTail) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(budget, "budget");
        if (protectedTail < 0) {
            throw new IllegalArgumentException("protectedTail must be >= 0, was " + protectedTail);
        }
        int n = context.length;
        int keep = budget.resolve(n);
        if (keep >= n) {
            return new CompressedContext.Tokens(context.clone());
        }
        boolean[] isProtected = new boolean[n];
        int tail = (int) Math.min(n, (long) protectedTail + protectedSuffix);
        int protectedCount = 0;
        for (int i = 0; i < n; i++) {
            isProtected[i] = i >= n - tail || Arrays.binarySearch(protectedIds, context[i]) >= 0;
            protectedCount += isProtected[i] ? 1 : 0;
        }
        if (protectedCount > keep) {
            throw new IllegalArgumentException("budget " + budget + " keeps " + keep + " of " + n + " tokens, fewer "
                    + "than the " + protectedCount + " that must survive (" + tail + " in the protected "
                    + "tail = protectedTail " + protectedTail + " + protected_suffix " + protectedSuffix + ", and "
                    + (protectedCount - tail) + " more holding protected token ids "
                    + Arrays.toString(protectedIds) + "); raise the budget or protect fewer tokens");
        }
        double[] scores = scorer.score(context);
        int[] positions = KeepSelection.select(scores, isProtected, keep);
        int[] kept = new int[positions.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = context[positions[i]];
        }
        return new CompressedContext.Tokens(kept);
    }

    /** {@link #compress} for each context of a batch (contexts may differ in length). */
    public int[][] compressAll(int[][] contexts, Budget budget, int protectedTail) {
        int[][] out = new int[contexts.length][];
        for (int i = 0; i < contexts.length; i++) {
            try {
                out[i] = compress(contexts[i], budget, protectedTail).ids();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("batch item " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** {@link #compressAll(int[][], Budget, int)} with the configured budget. */
    public int[][] compressAll(int[][] contexts, int protectedTail) {
        return compressAll(contexts, configuredBudget, protectedTail);
    }
}
