package dev.attnlab.harness.cli;

/** A command line that cannot be carried out as given; exits with {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
