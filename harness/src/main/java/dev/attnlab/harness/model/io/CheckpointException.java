package dev.attnlab.harness.model.io;

/** A checkpoint could not be read; the message names the file, the tensor or key, and what was expected. */
public final class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
