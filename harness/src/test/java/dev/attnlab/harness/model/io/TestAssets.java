package dev.attnlab.harness.model.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared development assets (../shared/assets, see its README) for tests. */
public final class TestAssets {

    private TestAssets() {
    }

    /** The stories260K llama2.c checkpoint; the calling test is skipped, with a message, only where it is absent. */
    public static Path stories260K() {
        String shared = System.getProperty("attnlab.shared", "../shared");
        Path file = Path.of(shared, "assets", "models", "stories260K", "stories260K.bin");
        assumeTrue(Files.isRegularFile(file), "stories260K is not at " + file.toAbsolutePath()
                + " (shared assets absent; see ../shared/assets/README.md)");
        return file;
    }
}
