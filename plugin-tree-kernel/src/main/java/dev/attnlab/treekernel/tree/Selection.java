package dev.attnlab.treekernel.tree;

import dev.attnlab.api.ApiStatus;

/** How the next frontier node to expand is chosen from the estimated masses. */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public enum Selection {
    /** The node with the largest estimated mass (ties: the leftmost). */
    GREEDY("greedy"),
    /** A node drawn with probability proportional to its estimated mass, as the original did. */
    SAMPLE("sample");

    private final String id;

    Selection(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Selection fromId(String id) {
        for (Selection s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown selection '" + id + "'; expected greedy or sample");
    }
}
