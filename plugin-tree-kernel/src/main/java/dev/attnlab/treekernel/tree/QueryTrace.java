package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import java.io.PrintStream;
import java.util.List;

/**
 * Everything a traversal did for one query, for tests and for the verbose mode.
 *
 * @param head          the head
 * @param query         the query's index in the run
 * @param visible       the number of keys the query may see
 * @param budget        the number of frontier terms aimed for
 * @param steps         the expansions in order
 * @param finalFrontier the frontier the softmax was taken over
 * @param reachedKeys   the keys scored exactly, ascending
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record QueryTrace(int head, int query, int visible, int budget, List<TraversalStep> steps,
                         List<FrontierEntry> finalFrontier, List<Integer> reachedKeys) {

    public QueryTrace {
        steps = List.copyOf(steps);
        finalFrontier = List.copyOf(finalFrontier);
        reachedKeys = List.copyOf(reachedKeys);
    }

    /** Prints the traversal step by step: frontier with masses, chosen node, expansion. */
    public void print(PrintStream out) {
        out.printf("head %d query %d: %d visible keys, budget %d terms%n", head, query, visible, budget);
        for (TraversalStep s : steps) {
            out.printf("  step %d frontier:%n", s.step());
            for (FrontierEntry e : s.frontier()) {
                out.println("    " + e);
            }
            out.printf("  expand #%d into #%d and #%d%n", s.chosen(), s.leftChild(), s.rightChild());
        }
        out.println("  final frontier:");
        for (FrontierEntry e : finalFrontier) {
            out.println("    " + e);
        }
        out.println("  reached keys " + reachedKeys);
    }
}
