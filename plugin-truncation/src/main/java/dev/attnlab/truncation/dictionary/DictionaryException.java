package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;

/**
 * A dictionary or checkpoint file that cannot be used: unreadable, of another format or version,
 * corrupted, or built for another model. The message names the file and says what to do.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public class DictionaryException extends RuntimeException {

    public DictionaryException(String message) {
        super(message);
    }

    public DictionaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
