package dev.attnlab.harness.config;

import dev.attnlab.api.config.Settings;
import dev.attnlab.api.plugin.ProviderKind;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code [[methods]]} entry: an attention strategy or a compressor, with its validated settings.
 *
 * @param index      position in the file (0-based), for key paths such as {@code methods[2]}
 * @param kind       {@link ProviderKind#ATTENTION_STRATEGY} ({@code strategy = "..."}) or
 *                   {@link ProviderKind#COMPRESSOR} ({@code compressor = "..."})
 * @param id         the provider id
 * @param label      {@code label}, or a label derived from the id and the non-default settings
 * @param settings   the rest of the table, validated against the provider's schema
 * @param parameters {@code parameters}: a safetensors file of trained strategy parameters (e.g. written by
 *                   {@code attnlab distill}) laid over the checkpoint's weights, resolved against the file
 */
public record MethodSpec(int index, ProviderKind kind, String id, String label, Settings settings,
                         Optional<Path> parameters) {

    public MethodSpec(int index, ProviderKind kind, String id, String label, Settings settings) {
        this(index, kind, id, label, settings, Optional.empty());
    }
}
