package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;
import java.util.Arrays;
import java.util.List;

/**
 * How the traversal estimates the probability mass of a tree node (the sum over its keys of
 * {@code exp(scale * q.k)}) before deciding which node to expand.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public enum Estimator {
    /** No tree: every visible key is scored exactly (the original's full-attention baseline). */
    TREE_LESS("tree-less"),
    /** {@code count * exp(scale * q . meanKey)}: the Jensen lower bound of the node's mass. */
    ALIGNMENT("alignment"),
    /** Every key is assumed equally likely: the mass of a node is its number of keys. */
    UNIFORM("uniform"),
    /** Key {@code j} of {@code m} visible keys weighs {@code decay^(m-1-j)}: recent keys first. */
    TIME_DECAY("time-decay"),
    /** Positive random features {@code exp(w.x - |x|^2/2) / sqrt(R)}: unbiased for the exp kernel. */
    FAVOR_PLUS("FAVOR+"),
    /** ReLU random features {@code relu(w.x)^e / sqrt(R)}: a different, non-negative kernel. */
    FAVOR_RELU("FAVOR+ReLU");

    private final String id;

    Estimator(String id) {
        this.id = id;
    }

    /** The name used in configuration and on the command line. */
    public String id() {
        return id;
    }

    /** Whether the estimator aggregates random feature maps over the tree. */
    public boolean usesFeatures() {
        return this == FAVOR_PLUS || this == FAVOR_RELU;
    }

    /** Every estimator's id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Estimator::id).toList();
    }

    /** The estimator with this id, or an error listing the accepted ids. */
    public static Estimator fromId(String id) {
        for (Estimator e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown estimator '" + id + "'; expected one of " + ids());
    }
}
