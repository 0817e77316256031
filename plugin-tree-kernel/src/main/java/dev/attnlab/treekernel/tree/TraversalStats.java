package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the work a traversal did, accumulated over every query it served (thread-safe). A "score
 * computation" is one dot product against the query: an exact {@code q.k} of a reached key, or a node
 * mass estimate ({@code q . keySum} of dimension D, or {@code phi(q) . featureSum} of dimension R).
 * Full attention would have computed {@link #fullScores()} of them.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class TraversalStats {

    private final LongAdder queries = new LongAdder();
    private final LongAdder fullScores = new LongAdder();
    private final LongAdder keyScores = new LongAdder();
    private final LongAdder nodeEstimates = new LongAdder();
    private final LongAdder expansions = new LongAdder();

    void record(long visible, long keys, long nodes, long expanded) {
        queries.increment();
        fullScores.add(visible);
        keyScores.add(keys);
        nodeEstimates.add(nodes);
        expansions.add(expanded);
    }

    /** Queries served. */
    public long queries() {
        return queries.sum();
    }

    /** The q.k products full causal attention would have computed for the same queries. */
    public long fullScores() {
        return fullScores.sum();
    }

    /** Exact q.k products of reached keys. */
    public long keyScores() {
        return keyScores.sum();
    }

    /** Node mass estimates computed during the traversals. */
    public long nodeEstimates() {
        return nodeEstimates.sum();
    }

    /** Nodes expanded. */
    public long expansions() {
        return expansions.sum();
    }

    /** {@link #keyScores()} plus {@link #nodeEstimates()}. */
    public long scoreComputations() {
        return keyScores() + nodeEstimates();
    }

    /** Score computations done as a fraction of full attention's (NaN before any query). */
    public double fractionOfFull() {
        long full = fullScores();
        return full == 0 ? Double.NaN : (double) scoreComputations() / full;
    }

    @Override
    public String toString() {
        return "TraversalStats[queries=" + queries() + ", full=" + fullScores() + ", keyScores=" + keyScores()
                + ", nodeEstimates=" + nodeEstimates() + ", expansions=" + expansions() + "]";
    }
}
