package dev.attnlab.harness.config;

import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import java.util.List;

/**
 * The options of the fixed tables of an experiment file, {@code [experiment]}, {@code [model]} and
 * {@code [data]}, with their defaults. docs/configuration.md documents the same options.
 */
public final class ExperimentSchema {

    /** The value of {@code checkpoint}, {@code tokenizer} and {@code source} naming the project's own assets. */
    public static final String EMBEDDED = "embedded:default";
    /** {@code [data] source} value: tokens sampled from the reference model itself. */
    public static final String MODEL_SAMPLES = "model-samples";
    /** {@code [data] source} prefix: a WikiText file, read as prose before tokenizing. */
    public static final String WIKITEXT_PREFIX = "wikitext:";

    public static final ConfigSchema EXPERIMENT = ConfigSchema.of(
            ConfigOption.string("name", "", "The experiment's name; default: the file name without .toml"),
            ConfigOption.integer("seed", 42, 0, Long.MAX_VALUE, "Seed for every random choice (data sampling, initialisation)"),
            ConfigOption.path("output", "", "Where results go, relative to this file; default: results/<name>"));

    public static final ConfigSchema MODEL = ConfigSchema.of(
            ConfigOption.string("checkpoint", EMBEDDED,
                    "embedded:default, a llama2.c .bin, a Hugging Face model directory or an exported .onnx; relative to this file"),
            ConfigOption.string("tokenizer", "",
                    "tokenizer.json, llama2.c tokenizer.bin or embedded:default; default: the checkpoint's own, if any"),
            ConfigOption.choice("device", "auto", List.of("auto", "cpu", "cuda"),
                    "Where ONNX Runtime runs: auto picks cuda when the CUDA build and a GPU are present"),
            ConfigOption.integer("threads", 0, 0, 1024, "ONNX Runtime intra-op threads; 0 = its default"));

    public static final ConfigSchema DATA = ConfigSchema.of(
            ConfigOption.string("source", EMBEDDED,
                    "embedded:default, model-samples, a UTF-8 text file, or wikitext:<file> (relative to this file)"),
            ConfigOption.integer("tokens", 2048, 1, Integer.MAX_VALUE, "How many tokens every method is evaluated on"),
            ConfigOption.integer("offset", 0, 0, Integer.MAX_VALUE, "How many tokens of the source to skip first"));

    /** The top-level keys an experiment file may have. */
    public static final List<String> TOP_LEVEL = List.of("experiment", "model", "data", "methods", "evaluators");

    /** The evaluator used when the file has no {@code [[evaluators]]}, if it is installed. */
    public static final String DEFAULT_EVALUATOR = "perplexity";

    private ExperimentSchema() {
    }
}
