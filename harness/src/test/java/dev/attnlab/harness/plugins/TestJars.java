package dev.attnlab.harness.plugins;

import dev.attnlab.api.plugin.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds plugin jars inside a test: compiles Java sources against framework-api with the JDK's javac
 * (through {@link ToolProvider}, which java.base can load without the test module reading
 * java.compiler) and packs them with {@link JarOutputStream}, so that a test can make exactly the broken
 * jar it needs.
 */
public final class TestJars {

    private TestJars() {
    }

    /** Where framework-api was loaded from (its jar or classes directory). */
    public static Path frameworkApi() {
        return Provider.class.getModule().getLayer().configuration().findModule("dev.attnlab.api")
                .flatMap(m -> m.reference().location()).map(Path::of)
                .orElseThrow(() -> new IllegalStateException("framework-api has no location"));
    }

    /**
     * Compiles sources given as relative path to text; returns the output directory.
     *
     * @param modular whether the sources contain module-info.java files laid out as
     *                {@code <module>/<path>} (compiled with --module-source-path); otherwise they are
     *                compiled on the class path
     */
    public static Path compile(Path work, Map<String, String> sources, boolean modular) {
        try {
            Path src = Files.createDirectories(work.resolve("src"));
            Path out = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-nowarn"));
            if (modular) {
                args.addAll(List.of("--module-source-path", src.toString(), "--module-path", frameworkApi().toString()));
            } else {
                args.addAll(List.of("-classpath", frameworkApi().toString()));
            }
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            return javac(args, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles a one-module source tree (module-info.java at its root, as in a Maven project) against
     * framework-api and packs it with the files of {@code resources} (may be null) into {@code jar}.
     */
    public static Path moduleJar(Path work, Path sources, Path resources, Path jar) {
        try {
            Path out = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-nowarn",
                    "--module-path", frameworkApi().toString()));
            try (Stream<Path> walk = Files.walk(sources)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> args.add(p.toString()));
            }
            javac(args, out);
            if (resources != null && Files.isDirectory(resources)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(resources)) {
                    files = walk.filter(Files::isRegularFile).toList();
                }
                for (Path f : files) {
                    Path target = out.resolve(resources.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
            return jar(jar, out, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs javac with these arguments; fails with its output when it does not succeed. */
    public static Path javac(List<String> args, Path out) {
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(() -> new IllegalStateException("this JDK has no javac tool"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(log, true, StandardCharsets.UTF_8);
        int rc = javac.run(writer, writer, args.toArray(String[]::new));
        writer.flush();
        if (rc != 0) {
            throw new IllegalStateException("javac failed (" + rc + "):\n" + log.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Writes a jar of every file under {@code classes} plus {@code extra} entries (path to text, e.g. a
     * META-INF/services file).
     */
    public static Path jar(Path jar, Path classes, Map<String, String> extra) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                if (classes != null) {
                    List<Path> files;
                    try (Stream<Path> walk = Files.walk(classes)) {
                        files = walk.filter(Files::isRegularFile).sorted().toList();
                    }
                    for (Path f : files) {
                        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                        out.write(Files.readAllBytes(f));
                        out.closeEntry();
                    }
                }
                for (Map.Entry<String, String> entry : extra.entrySet()) {
                    out.putNextEntry(new JarEntry(entry.getKey()));
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
