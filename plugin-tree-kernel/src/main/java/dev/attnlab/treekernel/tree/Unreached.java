package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;

/** What the final softmax does with frontier nodes that were never expanded down to their keys. */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public enum Unreached {
    /**
     * Drop them: softmax over the reached keys only. A query whose budget ran out before any leaf was
     * reached (e.g. uniform masses, greedy, small budget) then gets a zero output.
     */
    IGNORE("ignore"),
    /**
     * Keep each as one term whose weight is the node's estimated mass and whose value is the mean of
     * its values. FAVOR+ uses its kernel estimate; every other estimator the alignment estimate
     * {@code count * exp(scale * q . meanKey)}.
     */
    ESTIMATE("estimate");

    private final String id;

    Unreached(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Unreached fromId(String id) {
        for (Unreached u : values()) {
            if (u.id.equals(id)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown unreached handling '" + id + "'; expected ignore or estimate");
    }
}
