package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;

/** Where long work reports how far it is; the harness draws progress bars from it. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface Progress {

    /** Discards every report. */
    Progress NONE = (task, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units (tokens, windows, steps) of {@code task} are done.
     * {@code total} may be -1 when unknown.
     */
    void report(String task, long done, long total);
}
