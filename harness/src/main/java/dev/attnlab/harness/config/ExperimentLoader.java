package dev.attnlab.harness.config;

import com.moandjiezana.toml.Toml;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.OptionType;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.ProviderKind;
import dev.attnlab.harness.plugins.PluginEntry;
import dev.attnlab.harness.plugins.PluginRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an experiment TOML file into a validated {@link Experiment}. The only class that knows toml4j.
 *
 * <p>Every problem in the file is collected (unknown keys with the allowed ones, wrong types, values out
 * of range, unknown plugin ids with the available ones, files that do not exist) and thrown together as
 * one {@link InvalidExperimentException}, each problem with the file, line and key path. The format is
 * documented in docs/configuration.md.
 */
public final class ExperimentLoader {

    private static final Pattern TOML_LINE = Pattern.compile("line (\\d+)");

    private final PluginRegistry registry;

    @Inject
    public ExperimentLoader(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws InvalidExperimentException listing every problem, when the file is missing or invalid
     */
    public Experiment load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = Files.exists(absolute) ? "cannot read it: " + e.getMessage() : "no such file";
            throw new InvalidExperimentException(absolute, List.of(new ConfigProblem(absolute, 0, "", why)));
        }
        return parse(absolute, text);
    }

    /**
     * Validates {@code text} as if it were the content of {@code file} (relative paths resolve against
     * the file's directory).
     */
    public Experiment parse(Path file, String text) {
        Path absolute = file.toAbsolutePath().normalize();
        TomlKeyLocator locator = new TomlKeyLocator(text);
        Problems problems = new Problems(absolute, locator);
        Map<String, Object> root;
        try {
            root = new Toml().read(text).toMap();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = TOML_LINE.matcher(message);
            int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
            throw new InvalidExperimentException(absolute,
                    List.of(new ConfigProblem(absolute, line, "", "TOML syntax error: " + message)));
        }
        return new Reading(absolute, problems).read(root);
    }

    /**
     * Settings for one provider from command-line assignments such as {@code window=64} (as used by
     * {@code attnlab export --set}). Each value is read as a TOML value ({@code 64}, {@code 0.5},
     * {@code true}, {@code [1, 2]}, {@code "text"}); a value that is not valid TOML is taken as a string.
     *
     * @param what where the assignments came from, for messages (e.g. {@code --set})
     * @throws ConfigException naming the assignment, for a bad one or a value the schema rejects
     */
    public Settings settings(PluginEntry entry, List<String> assignments, String what) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            String key = eq < 0 ? "" : assignment.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new ConfigException(what, "expected key=value but found '" + assignment + "'");
            }
            String value = assignment.substring(eq + 1).strip();
            Object parsed;
            try {
                parsed = new Toml().read("v = " + value).toMap().get("v");
            } catch (RuntimeException e) {
                parsed = null;
            }
            raw.put(key, parsed == null ? value : parsed);
        }
        return entry.provider().configSchema().validate(raw, what);
    }

    /** One pass over a parsed file; collects problems as it goes. */
    private final class Reading {
        private final Path file;
        private final Path dir;
        private final Problems problems;

        Reading(Path file, Problems problems) {
            this.file = file;
            this.dir = file.getParent();
            this.problems = problems;
        }

        Experiment read(Map<String, Object> root) {
            for (String key : root.keySet()) {
                if (!ExperimentSchema.TOP_LEVEL.contains(key)) {
                    problems.add(key, "unknown top-level key; allowed: [experiment], [model], [data], [[methods]], [[evaluators]]");
                }
            }
            Settings experiment = section(root, "experiment", ExperimentSchema.EXPERIMENT);
            Settings model = section(root, "model", ExperimentSchema.MODEL);
            Settings data = section(root, "data", ExperimentSchema.DATA);
            List<MethodSpec> methods = methods(root);
            List<EvaluatorSpec> evaluators = evaluators(root);
            ModelSpec modelSpec = model == null ? null : modelSpec(model);
            DataSpec dataSpec = data == null ? null : dataSpec(data);
            problems.throwIfAny();

            String name = experiment.getString("name");
            if (name.isBlank()) {
                String fileName = file.getFileName().toString();
                name = fileName.endsWith(".toml") ? fileName.substring(0, fileName.length() - 5) : fileName;
            }
            String output = experiment.getString("output");
            Path outputDir = dir.resolve(output.isBlank() ? "results/" + name : output).normalize();
            return new Experiment(file, name, experiment.getLong("seed"), outputDir, modelSpec, dataSpec,
                    methods, evaluators);
        }

        /** A fixed table such as [model], with defaults when it is absent. */
        private Settings section(Map<String, Object> root, String name, ConfigSchema schema) {
            Object raw = root.get(name);
            if (raw == null) {
                return schema.defaults();
            }
            if (!(raw instanceof Map<?, ?> table)) {
                problems.add(name, "expected a table [" + name + "] but found " + describe(raw));
                return null;
            }
            return validate(schema, asStringMap(table), name, List.of(), "[" + name + "]");
        }

        private ModelSpec modelSpec(Settings model) {
            String checkpoint = asset(model.getString("checkpoint"), "model.checkpoint", Set.of());
            String tokenizer = model.getString("tokenizer");
            Optional<String> tok = tokenizer.isBlank() ? Optional.empty()
                    : Optional.of(asset(tokenizer, "model.tokenizer", Set.of()));
            return new ModelSpec(checkpoint, tok, model.getString("device"), model.getInt("threads"));
        }

        private DataSpec dataSpec(Settings data) {
            String raw = data.getString("source");
            boolean wikiText = raw.startsWith(ExperimentSchema.WIKITEXT_PREFIX);
            String source = asset(wikiText ? raw.substring(ExperimentSchema.WIKITEXT_PREFIX.length()) : raw, "data.source",
                    Set.of(ExperimentSchema.MODEL_SAMPLES));
            source = wikiText ? ExperimentSchema.WIKITEXT_PREFIX + source : source;
            return new DataSpec(source, data.getInt("tokens"), data.getInt("offset"));
        }

        /** A value that is {@code embedded:...}, a special word, or a file that must exist (made absolute). */
        private String asset(String value, String keyPath, Set<String> words) {
            if (value.startsWith("embedded:")) {
                if (!value.equals(ExperimentSchema.EMBEDDED)) {
                    problems.add(keyPath, "unknown embedded asset '" + value + "'; the only one is " + ExperimentSchema.EMBEDDED);
                }
                return value;
            }
            if (words.contains(value)) {
                return value;
            }
            Path path = dir.resolve(value).normalize();
            if (!Files.exists(path)) {
                problems.add(keyPath, "no such file or directory: " + path
                        + " (relative paths resolve against the experiment file's directory)");
            }
            return path.toString();
        }

        private List<MethodSpec> methods(Map<String, Object> root) {
            List<Map<String, Object>> tables = tableArray(root, "methods");
            List<MethodSpec> out = new ArrayList<>();
            Map<String, String> labels = new HashMap<>();
            for (int i = 0; i < tables.size(); i++) {
                MethodSpec spec = method(i, tables.get(i));
                if (spec == null) {
                    continue;
                }
                String previous = labels.putIfAbsent(spec.label(), "methods[" + i + "]");
                if (previous != null) {
                    problems.add("methods[" + i + "].label", "label '" + spec.label() + "' is already used by "
                            + previous + "; give each method a distinct label");
                }
                out.add(spec);
            }
            return out;
        }

        private MethodSpec method(int index, Map<String, Object> table) {
            String path = "methods[" + index + "]";
            boolean strategy = table.containsKey("strategy");
            boolean compressor = table.containsKey("compressor");
            if (strategy == compressor) {
                problems.add(path, (strategy ? "has both strategy and compressor; give exactly one"
                        : "missing strategy = \"id\" or compressor = \"id\"")
                        + " (strategies: " + ids(ProviderKind.ATTENTION_STRATEGY)
                        + "; compressors: " + ids(ProviderKind.COMPRESSOR) + ")");
                return null;
            }
            ProviderKind kind = strategy ? ProviderKind.ATTENTION_STRATEGY : ProviderKind.COMPRESSOR;
            String idKey = strategy ? "strategy" : "compressor";
            PluginEntry entry = provider(kind, table.get(idKey), path + "." + idKey);
            Object label = table.get("label");
            if (label != null && !(label instanceof String s && !s.isBlank())) {
                problems.add(path + ".label", "expected a non-empty string but found " + describe(label));
            }
            if (entry == null) {
                return null;
            }
            List<String> own = strategy ? List.of(idKey, "label", "parameters") : List.of(idKey, "label");
            Settings settings = validate(schemaOf(entry, path), table, path, own, kind.label() + " " + entry.id());
            Optional<Path> parameters = strategy ? parameters(table.get("parameters"), path + ".parameters")
                    : Optional.empty();
            if (settings == null) {
                return null;
            }
            String shown = label instanceof String s && !s.isBlank() ? s : derivedLabel(entry.id(), settings);
            return new MethodSpec(index, kind, entry.id(), shown, settings, parameters);
        }

        /** {@code parameters = "trained.safetensors"} of a strategy, resolved against the file's directory. */
        private Optional<Path> parameters(Object value, String keyPath) {
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String s) || s.isBlank()) {
                problems.add(keyPath, "expected the path of a safetensors file but found " + describe(value));
                return Optional.empty();
            }
            // Not checked for existence here: `attnlab distill` writes the file from this very experiment.
            return Optional.of(dir.resolve(s).normalize());
        }

        private List<EvaluatorSpec> evaluators(Map<String, Object> root) {
            if (!root.containsKey("evaluators")) {
                return registry.find(ProviderKind.EVALUATOR, ExperimentSchema.DEFAULT_EVALUATOR)
                        .flatMap(e -> defaults(e))
                        .map(s -> List.of(new EvaluatorSpec(0, ExperimentSchema.DEFAULT_EVALUATOR, s)))
                        .orElse(List.of());
            }
            List<Map<String, Object>> tables = tableArray(root, "evaluators");
            List<EvaluatorSpec> out = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                String path = "evaluators[" + i + "]";
                Map<String, Object> table = tables.get(i);
                if (!table.containsKey("id")) {
                    problems.add(path, "missing id = \"...\" (evaluators: " + ids(ProviderKind.EVALUATOR) + ")");
                    continue;
                }
                PluginEntry entry = provider(ProviderKind.EVALUATOR, table.get("id"), path + ".id");
                if (entry == null) {
                    continue;
                }
                Settings settings = validate(schemaOf(entry, path), table, path, List.of("id"), "evaluator " + entry.id());
                if (settings != null) {
                    out.add(new EvaluatorSpec(i, entry.id(), settings));
                }
            }
            return out;
        }

        private Optional<Settings> defaults(PluginEntry entry) {
            try {
                return Optional.of(entry.provider().configSchema().defaults());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        private PluginEntry provider(ProviderKind kind, Object id, String keyPath) {
            if (!(id instanceof String s)) {
                problems.add(keyPath, "expected a string (a " + kind.label() + " id) but found " + describe(id));
                return null;
            }
            Optional<PluginEntry> entry = registry.find(kind, s);
            if (entry.isEmpty()) {
                problems.add(keyPath, "unknown " + kind.label() + " id '" + s + "'; available: " + ids(kind)
                        + " (see attnlab plugins)");
                return null;
            }
            return entry.get();
        }

        private ConfigSchema schemaOf(PluginEntry entry, String path) {
            try {
                return entry.provider().configSchema();
            } catch (RuntimeException e) {
                problems.add(path, entry.kind().label() + " " + entry.id() + " failed to give its config schema: " + e);
                return null;
            }
        }

        private List<Map<String, Object>> tableArray(Map<String, Object> root, String name) {
            Object raw = root.get(name);
            if (raw == null) {
                return List.of();
            }
            if (raw instanceof Map<?, ?>) {
                problems.add(name, "expected an array of tables [[" + name + "]] but found a single table [" + name
                        + "]; write [[" + name + "]] for each entry");
                return List.of();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            if (raw instanceof List<?> list) {
                boolean allTables = true;
                for (Object item : list) {
                    if (item instanceof Map<?, ?> table) {
                        out.add(asStringMap(table));
                    } else {
                        allTables = false;
                    }
                }
                if (allTables) {
                    return out;
                }
            }
            problems.add(name, "expected an array of tables [[" + name + "]] but found " + describe(raw));
            return List.of();
        }

        /**
         * Validates a table against a schema, reporting every bad key (not only the first), and returns
         * the settings, or null when there were problems.
         */
        private Settings validate(ConfigSchema schema, Map<String, Object> table, String path, List<String> ignored,
                                  String owner) {
            if (schema == null) {
                return null;
            }
            int before = problems.size();
            for (Map.Entry<String, Object> entry : table.entrySet()) {
                String key = entry.getKey();
                if (ignored.contains(key)) {
                    continue;
                }
                Optional<ConfigOption> option = schema.option(key);
                if (option.isEmpty()) {
                    Set<String> allowed = new LinkedHashSet<>(ignored);
                    schema.options().forEach(o -> allowed.add(o.name()));
                    problems.add(path + "." + key, "unknown key for " + owner + "; allowed keys: "
                            + (allowed.isEmpty() ? "(none)" : String.join(", ", allowed)));
                    continue;
                }
                try {
                    ConfigSchema.of(option.get()).validate(Map.of(key, entry.getValue()), path);
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
            for (ConfigOption option : schema.options()) {
                if (option.required() && !table.containsKey(option.name())) {
                    problems.add(path + "." + option.name(), "required " + option.type().display() + " is missing"
                            + (option.doc().isEmpty() ? "" : " (" + option.doc() + ")"));
                }
            }
            if (problems.size() > before) {
                return null;
            }
            try {
                return schema.validate(withPathsResolved(schema, table), path, Set.copyOf(ignored));
            } catch (ConfigException e) {
                problems.add(e);
                return null;
            }
        }

        /**
         * The table with every non-blank path option resolved against the experiment file's directory, so a
         * plugin's {@code dictionary = "dict.bin"} means the same file whatever directory attnlab runs from.
         */
        private Map<String, Object> withPathsResolved(ConfigSchema schema, Map<String, Object> table) {
            Map<String, Object> out = new LinkedHashMap<>(table);
            for (ConfigOption option : schema.options()) {
                if (option.type() == OptionType.PATH && out.get(option.name()) instanceof String value
                        && !value.isBlank()) {
                    out.put(option.name(), dir.resolve(value).normalize().toString());
                }
            }
            return out;
        }

        private String ids(ProviderKind kind) {
            List<String> ids = registry.ids(kind);
            return ids.isEmpty() ? "(none installed)" : String.join(", ", ids);
        }
    }

    /** {@code id} alone, or {@code id(key=value, ...)} listing the settings that differ from the defaults. */
    static String derivedLabel(String id, Settings settings) {
        List<String> changed = new ArrayList<>();
        for (ConfigOption option : settings.schema().options()) {
            Object value = settings.asMap().get(option.name());
            if (!Objects.equals(value, option.defaultValue())) {
                changed.add(option.name() + "=" + value);
            }
        }
        return changed.isEmpty() ? id : id + "(" + String.join(", ", changed) + ")";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringMap(Map<?, ?> table) {
        return (Map<String, Object>) table;
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a table";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String s) {
            return "string '" + s + "'";
        }
        return value == null ? "nothing" : value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
    }
}
