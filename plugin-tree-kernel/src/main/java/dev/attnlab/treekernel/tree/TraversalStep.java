package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import java.util.List;

/**
 * One expansion of a query's traversal.
 *
 * @param step       0-based step number
 * @param frontier   the frontier before the expansion, left to right
 * @param chosen     the node expanded
 * @param leftChild  the node that replaced it, covering its first half
 * @param rightChild the node added after it, covering its second half
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record TraversalStep(int step, List<FrontierEntry> frontier, int chosen, int leftChild, int rightChild) {

    public TraversalStep {
        frontier = List.copyOf(frontier);
    }
}
