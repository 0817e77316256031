package dev.attnlab.harness.cli;

import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.OptionType;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.config.ExperimentSchema;
import dev.attnlab.harness.plugins.PluginEntry;
import dev.attnlab.harness.plugins.PluginRegistry;
import dev.attnlab.harness.plugins.UnknownProviderException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code attnlab describe ID}: a provider's configuration options with types, defaults and ranges. */
@Command(name = "describe", description = "Show the configuration options of a provider (or of the [experiment], [model] or [data] table).")
final class DescribeCommand implements Callable<Integer> {

    private static final Map<String, ConfigSchema> TABLES = Map.of(
            "experiment", ExperimentSchema.EXPERIMENT, "model", ExperimentSchema.MODEL, "data", ExperimentSchema.DATA);

    @Parameters(index = "0", paramLabel = "ID", description = "A provider id or plugin command, as listed by 'attnlab plugins'.")
    String id;

    private final PluginRegistry registry;
    private final Console console;

    @Inject
    DescribeCommand(PluginRegistry registry, Console console) {
        this.registry = registry;
        this.console = console;
    }

    @Override
    public Integer call() {
        List<PluginEntry> found = registry.providers(id);
        if (found.isEmpty()) {
            var command = registry.commands().stream().filter(c -> c.name().equals(id)).findFirst();
            if (command.isPresent()) {
                console.out().println("command " + id + " (from " + command.get().origin() + ")");
                console.out().println("  " + command.get().description());
                console.out().println();
                console.out().println("Usage: attnlab " + command.get().command().usage());
                return ExitCodes.OK;
            }
            if (TABLES.containsKey(id)) {
                console.out().println("[" + id + "] table of an experiment file");
                console.out().println();
                console.out().print(optionTable(TABLES.get(id)));
                return ExitCodes.OK;
            }
            List<String> all = new ArrayList<>(registry.entries().stream().map(PluginEntry::id).distinct().sorted().toList());
            throw new UnknownProviderException("provider", id, all);
        }
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) {
                console.out().println();
            }
            describe(found.get(i));
        }
        return ExitCodes.OK;
    }

    private void describe(PluginEntry e) {
        console.out().println(e.kind().label() + " " + e.id() + " " + e.version() + " ("
                + e.stability().name().toLowerCase(Locale.ROOT) + ", from " + e.origin() + ")");
        console.out().println("  " + e.description());
        console.out().println();
        ConfigSchema schema = e.provider().configSchema();
        if (schema.options().isEmpty()) {
            console.out().println("No options.");
        } else {
            console.out().println("Options:");
            console.out().print(optionTable(schema));
        }
        console.out().println();
        console.out().println("Example:");
        String table = e.kind() == ProviderKind.EVALUATOR ? "evaluators" : "methods";
        String key = switch (e.kind()) {
            case ATTENTION_STRATEGY -> "strategy";
            case COMPRESSOR -> "compressor";
            case EVALUATOR -> "id";
        };
        console.out().println("  [[" + table + "]]");
        console.out().println("  " + key + " = \"" + e.id() + "\"");
        for (ConfigOption option : schema.options()) {
            console.out().println("  " + (option.required() ? "" : "# ") + option.name() + " = "
                    + (option.required() ? "..." : toml(option.defaultValue())));
        }
    }

    private static String optionTable(ConfigSchema schema) {
        TextTable table = new TextTable("NAME", "TYPE", "DEFAULT", "ALLOWED", "DESCRIPTION");
        for (ConfigOption o : schema.options()) {
            table.row(o.name(), o.type().display(), o.required() ? "(required)" : toml(o.defaultValue()),
                    allowed(o), o.doc());
        }
        return table.render("  ");
    }

    static String allowed(ConfigOption o) {
        if (!o.allowed().isEmpty()) {
            return String.join(" | ", o.allowed());
        }
        if (o.min() == null && o.max() == null) {
            return o.type() == OptionType.BOOLEAN ? "true | false" : "";
        }
        if (o.max() == null) {
            return ">= " + number(o.min());
        }
        if (o.min() == null) {
            return "<= " + number(o.max());
        }
        return "[" + number(o.min()) + ", " + number(o.max()) + "]";
    }

    private static String number(Double d) {
        if (d == null) {
            return "";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e19) {
            return Long.toString(d.longValue());
        }
        return d.toString();
    }

    /** A value as it would be written in TOML. */
    static String toml(Object value) {
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(toml(v)));
            return "[" + String.join(", ", items) + "]";
        }
        return String.valueOf(value);
    }
}
