package dev.attnlab.harness.cli;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.config.ExperimentLoader;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.io.Checkpoints;
import dev.attnlab.harness.plugins.PluginEntry;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.runtime.ExportResult;
import dev.attnlab.harness.runtime.ModelExporter;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code attnlab export}: a checkpoint with one attention strategy in every layer, as one ONNX file. */
@Command(name = "export", description = "Write a checkpoint with an attention strategy in every layer as an ONNX model.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "embedded:default, a llama2.c .bin or a Hugging Face model directory.")
    String checkpoint;

    @Option(names = "--strategy", defaultValue = "full", paramLabel = "ID",
            description = "The attention strategy (default: ${DEFAULT-VALUE}); see 'attnlab plugins'.")
    String strategy;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A strategy option, as in its TOML table (repeatable); see 'attnlab describe ID'.")
    List<String> set = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .onnx file to write.")
    String out;

    @Option(names = "--external-data", description = "Keep the weights in a .onnx.data file beside the model.")
    boolean externalData;

    private final PluginRegistry registry;
    private final ExperimentLoader loader;
    private final Console console;

    @Inject
    ExportCommand(PluginRegistry registry, ExperimentLoader loader, Console console) {
        this.registry = registry;
        this.loader = loader;
        this.console = console;
    }

    @Override
    public Integer call() {
        PluginEntry entry = registry.entry(ProviderKind.ATTENTION_STRATEGY, strategy);
        Settings settings = loader.settings(entry, set, "--set");
        if (!checkpoint.startsWith(Checkpoints.EMBEDDED_PREFIX) && !Files.exists(console.resolve(checkpoint))) {
            throw new UsageException("--checkpoint " + checkpoint + ": no such file or directory: " + console.resolve(checkpoint));
        }
        Path target = console.resolve(out);
        ModelDefinition definition = Checkpoints.load(checkpoint, console.workingDirectory());
        ExportResult result = new ModelExporter(null).export(definition, (AttentionStrategy) entry.provider(), settings,
                GraphOptions.LOGITS_ONLY, target, externalData);
        console.out().println("wrote " + result.file() + " (" + definition.info().name() + ", strategy "
                + entry.id() + (settings.asMap().isEmpty() ? "" : " " + settings.asMap()) + ", "
                + result.hostOps() + " host-op nodes, key " + result.cacheKey() + ")");
        return ExitCodes.OK;
    }
}
