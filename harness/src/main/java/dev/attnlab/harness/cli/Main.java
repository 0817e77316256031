package dev.attnlab.harness.cli;

import java.nio.file.Path;

/** Entry point of the {@code attnlab} command; see {@link Cli}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new Cli(System.out, System.err, Path.of("").toAbsolutePath(), System.getenv()).execute(args);
        System.out.flush();
        System.exit(code);
    }
}
