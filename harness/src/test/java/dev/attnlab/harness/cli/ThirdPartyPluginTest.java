package dev.attnlab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.plugins.PluginDiscovery;
import dev.attnlab.harness.plugins.PluginEntry;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.plugins.TestJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugin (examples/third-party-plugin, outside the reactor) dropped into a
 * plugins directory. Its jar is compiled here from the example's own sources and resources, so the test
 * needs no earlier build step and always tests the sources in the tree (CI builds the example with its
 * own pom as well).
 */
class ThirdPartyPluginTest {

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path jar;

    @BeforeAll
    static void buildTheExampleJar() throws IOException {
        Path example = Path.of(System.getProperty("attnlab.root", ".")).resolve("examples/third-party-plugin");
        assertThat(example.resolve("pom.xml")).as("the example plugin's project").exists();
        plugins = Files.createDirectories(work.resolve("plugins"));
        jar = TestJars.moduleJar(work.resolve("build"), example.resolve("src/main/java"),
                example.resolve("src/main/resources"), plugins.resolve("uniform-causal-plugin.jar"));
    }

    @Test
    void showsUpInAttnlabPluginsWithItsJarAsOrigin() {
        CliRun r = CliRun.of(work, "--plugins", plugins.toString(), "plugins");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("strategy +uniform-causal +\\S+ +experimental +"
                + java.util.regex.Pattern.quote(jar.toAbsolutePath().toString()) + " +Each query averages");
        assertThat(r.out()).doesNotContain("Problems");
    }

    @Test
    void describesItsOptions() {
        CliRun r = CliRun.of(work, "--plugins", plugins.toString(), "describe", "uniform-causal");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("max-keys +integer +0 +\\[0, 16777216\\]");
    }

    @Test
    void runsInAnExperimentBesideFullAttention() throws IOException {
        Path config = Files.writeString(work.resolve("uniform.toml"), """
                [experiment]
                name = "uniform"
                [model]
                device = "cpu"
                threads = 1
                [data]
                tokens = 96
                [[methods]]
                strategy = "uniform-causal"
                max-keys = 8
                [[evaluators]]
                id = "perplexity"
                context_length = 48
                stride = 24
                """);
        CliRun r = CliRun.of(work, "--plugins", plugins.toString(), "run", config.toString(), "--no-charts");
        assertThat(r.code()).as(r.err()).isZero();
        Path results = work.resolve("results/uniform/results.json");
        assertThat(r.out()).contains("OK: results in " + results.getParent());
        assertThat(results).content().contains("uniform-causal(max-keys=8)").contains("\"full\"");
        assertThat(r.err()).contains("uniform-causal(max-keys=8) x perplexity: ok");
    }

    @Test
    void itsStrategyRunsThroughTheApiWhenLoadedFromItsOwnLayer() {
        PluginRegistry registry = new PluginDiscovery(Set.of()).discover(plugins, true);
        PluginEntry entry = registry.entry(ProviderKind.ATTENTION_STRATEGY, "uniform-causal");
        assertThat(entry.provider().getClass().getModule().getName()).isEqualTo("com.example.uniform");
        assertThat(entry.provider().getClass().getModule().getLayer()).isNotEqualTo(ModuleLayer.boot());
        AttentionStrategy strategy = registry.strategy("uniform-causal");
        AttentionContext layer = new AttentionContext(0, 2, 1, 1, 2, 16);
        LayerAttention attention = strategy.create(layer, strategy.configSchema().defaults());
        ArrayOps ops = new ArrayOps();
        float[] values = {1, 10, 2, 20, 6, 60};
        AttentionInputs in = new AttentionInputs(ops.constant(FloatTensor.of(new float[6], 1, 1, 3, 2)),
                ops.constant(FloatTensor.of(new float[6], 1, 1, 3, 2)), ops.constant(FloatTensor.of(values, 1, 1, 3, 2)),
                ops.constantLongs(new long[] {0, 1, 2}, 3), layer.defaultScale(), layer);
        AttentionResult result = attention.attend(ops, in);
        float[] out = ArrayOps.values(result.output()).data();
        // Averages of the value rows seen so far, by hand: (1,10), (1.5,15), (3,30).
        assertThat(out).containsExactly(new float[] {1, 10, 1.5f, 15, 3, 30}, within(1e-6f));
    }
}
