package dev.attnlab.harness.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.plugin.ProviderKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box discovery over a plugins directory holding one good jar beside jars broken in every way the
 * registry must survive. The jars are compiled and packed here, so the test needs nothing built ahead.
 */
class PluginDiscoveryTest {

    private static final String STRATEGY = "dev.attnlab.api.attention.AttentionStrategy";

    @TempDir
    static Path work;

    private static Path plugins;
    private static PluginRegistry registry;

    @BeforeAll
    static void buildJarsAndDiscover() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("test.good/module-info.java", """
                module test.good {
                    requires dev.attnlab.api;
                    provides dev.attnlab.api.attention.AttentionStrategy with test.good.GoodStrategy;
                    provides dev.attnlab.api.eval.Evaluator with test.good.GoodEvaluator;
                    provides dev.attnlab.api.plugin.PluginCommand with test.good.HelloCommand, test.good.ClashCommand;
                }""");
        sources.put("test.good/test/good/GoodStrategy.java", strategy("test.good", "GoodStrategy", "good-one", ""));
        sources.put("test.good/test/good/GoodEvaluator.java", """
                package test.good;
                public class GoodEvaluator implements dev.attnlab.api.eval.Evaluator {
                    public String id() { return "good-eval"; }
                    public String description() { return "an evaluator that is never run"; }
                    public dev.attnlab.api.eval.EvaluationResult evaluate(dev.attnlab.api.eval.EvaluationContext c,
                            dev.attnlab.api.config.Settings s) { throw new UnsupportedOperationException(); }
                }""");
        sources.put("test.good/test/good/HelloCommand.java", command("HelloCommand", "good hello"));
        sources.put("test.good/test/good/ClashCommand.java", command("ClashCommand", "plugins extra"));
        sources.put("test.dup/module-info.java", """
                module test.dup {
                    requires dev.attnlab.api;
                    provides dev.attnlab.api.attention.AttentionStrategy with test.dup.SameId, test.dup.FullAgain;
                }""");
        sources.put("test.dup/test/dup/SameId.java", strategy("test.dup", "SameId", "good-one", ""));
        sources.put("test.dup/test/dup/FullAgain.java", strategy("test.dup", "FullAgain", "full", ""));
        sources.put("test.throwing/module-info.java", """
                module test.throwing {
                    requires dev.attnlab.api;
                    provides dev.attnlab.api.attention.AttentionStrategy with test.throwing.Throwing, test.throwing.Survivor;
                }""");
        sources.put("test.throwing/test/throwing/Throwing.java", strategy("test.throwing", "Throwing", "throwing",
                "public Throwing() { throw new IllegalStateException(\"boom: no GPU here\"); }"));
        sources.put("test.throwing/test/throwing/Survivor.java", strategy("test.throwing", "Survivor", "survivor", ""));
        sources.put("test.badid/module-info.java", """
                module test.badid {
                    requires dev.attnlab.api;
                    provides dev.attnlab.api.attention.AttentionStrategy with test.badid.BadId;
                }""");
        sources.put("test.badid/test/badid/BadId.java", strategy("test.badid", "BadId", "Bad_ID", ""));
        Path modules = TestJars.compile(work.resolve("modular"), sources, true);
        Path plain = TestJars.compile(work.resolve("plain"),
                Map.of("notimpl/Plain.java", "package notimpl; public class Plain { }"), false);

        plugins = Files.createDirectories(work.resolve("plugins"));
        TestJars.jar(plugins.resolve("a-good.jar"), modules.resolve("test.good"),
                Map.of("META-INF/services/" + STRATEGY, "test.good.GoodStrategy\n"));
        TestJars.jar(plugins.resolve("b-dup.jar"), modules.resolve("test.dup"), Map.of());
        TestJars.jar(plugins.resolve("c-throwing.jar"), modules.resolve("test.throwing"), Map.of());
        TestJars.jar(plugins.resolve("d-badid.jar"), modules.resolve("test.badid"), Map.of());
        TestJars.jar(plugins.resolve("e-notimpl.jar"), plain, Map.of("META-INF/services/" + STRATEGY, "notimpl.Plain\n"));
        TestJars.jar(plugins.resolve("f-missing.jar"), null, Map.of("META-INF/services/" + STRATEGY, "missing.Nope\n"));
        Files.writeString(plugins.resolve("g-garbage.jar"), "this is not a zip file");
        Files.writeString(plugins.resolve("README.txt"), "ignored: not a jar");

        registry = new PluginDiscovery(Set.of("plugins")).discover(plugins, true);
    }

    private static String strategy(String pkg, String cls, String id, String constructor) {
        return "package " + pkg + ";\n"
                + "public class " + cls + " implements dev.attnlab.api.attention.AttentionStrategy {\n"
                + constructor + "\n"
                + "    public String id() { return \"" + id + "\"; }\n"
                + "    public String description() { return \"" + cls + " for tests\"; }\n"
                + "    public dev.attnlab.api.attention.LayerAttention create(dev.attnlab.api.attention.AttentionContext c,\n"
                + "            dev.attnlab.api.config.Settings s) { throw new UnsupportedOperationException(); }\n"
                + "}\n";
    }

    private static String command(String cls, String name) {
        return "package test.good;\n"
                + "public class " + cls + " implements dev.attnlab.api.plugin.PluginCommand {\n"
                + "    public String name() { return \"" + name + "\"; }\n"
                + "    public String description() { return \"says hello\"; }\n"
                + "    public String usage() { return \"" + name + " [NAME]\"; }\n"
                + "    public int run(dev.attnlab.api.plugin.CommandContext c, java.util.List<String> args) {\n"
                + "        c.out().println(\"hello \" + String.join(\" \", args)); return 0; }\n"
                + "}\n";
    }

    private static String jar(String name) {
        return plugins.resolve(name).toAbsolutePath().normalize().toString();
    }

    private static List<PluginProblem> problemsOf(String jarName) {
        return registry.problems().stream().filter(p -> p.origin().equals(jar(jarName))).toList();
    }

    @Test
    void loadsTheGoodJarsProvidersWithTheJarAsOrigin() {
        PluginEntry good = registry.entry(ProviderKind.ATTENTION_STRATEGY, "good-one");
        assertThat(good.origin()).isEqualTo(jar("a-good.jar"));
        assertThat(good.provider().getClass().getModule().getName()).isEqualTo("test.good");
        assertThat(good.description()).isEqualTo("GoodStrategy for tests");
        assertThat(registry.evaluator("good-eval").id()).isEqualTo("good-eval");
        assertThat(registry.commands()).extracting(CommandEntry::name).contains("good hello");
    }

    @Test
    void keepsBuiltInProvidersOfTheModulePath() {
        PluginEntry full = registry.entry(ProviderKind.ATTENTION_STRATEGY, "full");
        assertThat(full.origin()).isEqualTo("dev.attnlab.harness");
        assertThat(full.provider().getClass().getName()).isEqualTo("dev.attnlab.harness.model.FullAttentionStrategy");
    }

    @Test
    void rejectsDuplicateIdsNamingTheJarAndKeepingTheFirst() {
        assertThat(problemsOf("b-dup.jar")).extracting(PluginProblem::id).containsExactlyInAnyOrder("good-one", "full");
        assertThat(problemsOf("b-dup.jar")).allSatisfy(p -> assertThat(p.message()).contains("duplicate strategy id"));
        assertThat(problemsOf("b-dup.jar").stream().filter(p -> p.id().equals("good-one")).findFirst().orElseThrow()
                .message()).contains(jar("a-good.jar"));
        assertThat(registry.entry(ProviderKind.ATTENTION_STRATEGY, "good-one").origin()).isEqualTo(jar("a-good.jar"));
        assertThat(registry.entry(ProviderKind.ATTENTION_STRATEGY, "full").origin()).isEqualTo("dev.attnlab.harness");
    }

    @Test
    void reportsAProviderThrowingInItsConstructorAndLoadsItsSibling() {
        assertThat(problemsOf("c-throwing.jar")).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("test.throwing.Throwing").contains("boom: no GPU here");
            assertThat(p.toString()).startsWith(jar("c-throwing.jar"));
        });
        assertThat(registry.entry(ProviderKind.ATTENTION_STRATEGY, "survivor").origin()).isEqualTo(jar("c-throwing.jar"));
    }

    @Test
    void rejectsAnInvalidIdWithThePattern() {
        assertThat(problemsOf("d-badid.jar")).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("Bad_ID");
            assertThat(p.message()).contains("invalid id").contains("[a-z][a-z0-9-]*");
        });
        assertThat(registry.ids(ProviderKind.ATTENTION_STRATEGY)).doesNotContain("Bad_ID");
    }

    @Test
    void reportsBrokenServiceDescriptorsNamingTheJar() {
        assertThat(problemsOf("e-notimpl.jar")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("notimpl.Plain"));
        assertThat(problemsOf("f-missing.jar")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("cannot load plugin").contains("missing.Nope"));
        assertThat(problemsOf("g-garbage.jar")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("cannot load plugin"));
    }

    @Test
    void rejectsAPluginCommandThatTakesABuiltInName() {
        assertThat(problemsOf("a-good.jar")).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("plugins extra");
            assertThat(p.message()).contains("clashes with the built-in command 'plugins'");
        });
    }

    @Test
    void ignoresFilesThatAreNotJars() {
        assertThat(registry.problems()).noneMatch(p -> p.origin().contains("README"));
    }

    @Test
    void rejectsUnknownIdsListingTheAvailableOnes() {
        assertThatThrownBy(() -> registry.strategy("nope"))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessageContaining("unknown strategy id 'nope'")
                .hasMessageContaining("full").hasMessageContaining("good-one").hasMessageContaining("survivor");
        assertThatThrownBy(() -> registry.compressor("good-one")).hasMessageContaining("unknown compressor id");
        assertThat(registry.provider("good-eval").kind()).isEqualTo(ProviderKind.EVALUATOR);
    }

    @Test
    void reportsAMissingPluginsDirectoryOnlyWhenItWasAskedFor() {
        Path missing = work.resolve("no-such-dir");
        assertThat(new PluginDiscovery(Set.of()).discover(missing, true).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("does not exist"));
        assertThat(new PluginDiscovery(Set.of()).discover(missing, false).problems()).isEmpty();
    }
}
