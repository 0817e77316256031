package dev.attnlab.harness.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module rules of the architecture, checked on the sources of the whole reactor: every module keeps
 * all its packages under its own root package (no split packages), plugins speak to the framework API
 * only, and the API itself uses nothing but the JDK.
 */
class ModuleDisciplineTest {

    private static final Map<String, String> ROOTS = Map.of(
            "framework-api", "dev.attnlab.api",
            "harness", "dev.attnlab.harness",
            "plugin-truncation", "dev.attnlab.truncation",
            "plugin-learned-mask", "dev.attnlab.learnedmask",
            "plugin-infini", "dev.attnlab.infini",
            "plugin-autocompressor", "dev.attnlab.autocompressor",
            "plugin-tree-kernel", "dev.attnlab.treekernel");

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)[.;]", Pattern.MULTILINE);
    private static final Pattern REQUIRES = Pattern.compile("requires (?:static |transitive )*([\\w.]+);");

    static Stream<String> modules() {
        return ROOTS.keySet().stream().sorted();
    }

    static Stream<String> plugins() {
        return modules().filter(m -> m.startsWith("plugin-"));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyPackageLiesUnderTheModulesRootPackage(String module) {
        String root = ROOTS.get(module);
        for (Path file : javaFiles(module, "main")) {
            Matcher m = PACKAGE.matcher(read(file));
            if (file.getFileName().toString().equals("module-info.java")) {
                continue;
            }
            assertThat(m.find()).as("%s declares a package", file).isTrue();
            assertThat(m.group(1)).as("package of %s", file).matches(Pattern.quote(root) + "(\\..*)?");
        }
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void pluginsRequireTheFrameworkApiOnly(String module) {
        Path info = root().resolve(module).resolve("src/main/java/module-info.java");
        assertThat(info).as("%s has a module-info.java", module).exists();
        Matcher m = REQUIRES.matcher(read(info));
        while (m.find()) {
            assertThat(m.group(1)).as("%s requires", module).isIn("dev.attnlab.api", "java.base", "java.logging");
        }
        for (Path file : javaFiles(module, "main")) {
            Matcher imports = IMPORT.matcher(read(file));
            while (imports.find()) {
                assertThat(imports.group(1)).as("import in %s", file).matches("(java|javax|dev\\.attnlab\\.api|"
                        + Pattern.quote(ROOTS.get(module)) + ")\\..*");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("plugins")
    void pluginsDeclareTheirProvidersForModulePathAndClassPathAlike(String module) {
        Path info = root().resolve(module).resolve("src/main/java/module-info.java");
        Matcher provides = Pattern.compile("provides ([\\w.]+)\\s+with\\s+([\\w.,\\s]+);").matcher(read(info));
        assertThat(provides.find()).as("%s provides a service", module).isTrue();
        do {
            Path services = root().resolve(module).resolve("src/main/resources/META-INF/services")
                    .resolve(provides.group(1));
            assertThat(services).as("services file for %s in %s", provides.group(1), module).exists();
            String listed = read(services);
            for (String impl : provides.group(2).split(",")) {
                assertThat(listed).as("%s lists %s", services, impl.trim()).contains(impl.trim());
            }
        } while (provides.find());
    }

    @Test
    void theFrameworkApiUsesTheJdkOnly() {
        for (Path file : javaFiles("framework-api", "main")) {
            Matcher imports = IMPORT.matcher(read(file));
            while (imports.find()) {
                assertThat(imports.group(1)).as("import in %s", file).matches("(java|dev\\.attnlab\\.api)\\..*");
            }
        }
    }

    private static Path root() {
        return Path.of(System.getProperty("attnlab.root", "..")).toAbsolutePath().normalize();
    }

    private static List<Path> javaFiles(String module, String set) {
        Path dir = root().resolve(module).resolve("src").resolve(set).resolve("java");
        assertThat(dir).as("source folder of %s", module).isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
