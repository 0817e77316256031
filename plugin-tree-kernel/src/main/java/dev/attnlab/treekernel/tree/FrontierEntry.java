package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;

/**
 * One node of a query's frontier as the trace shows it.
 *
 * @param node        the node id in its {@link KeyTree}
 * @param first       the first key the node covers
 * @param end         one past the last key it covers
 * @param logMass     the log of the estimated mass used for selection; {@code -Infinity} for a leaf
 *                    (leaves cannot be expanded)
 * @param probability the node's share of the selection mass among expandable nodes (0 for leaves)
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record FrontierEntry(int node, int first, int end, double logMass, double probability) {

    public boolean isLeaf() {
        return end - first == 1;
    }

    @Override
    public String toString() {
        if (isLeaf()) {
            return String.format(java.util.Locale.ROOT, "#%d[key %d] reached", node, first);
        }
        return String.format(java.util.Locale.ROOT, "#%d[keys %d..%d] mass=%.4g p=%.4f", node, first, end - 1,
                Math.exp(logMass), probability);
    }
}
