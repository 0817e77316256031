package dev.attnlab.harness.runtime;

import java.nio.file.Path;

/**
 * What {@link ModelExporter} did.
 *
 * @param file     the written .onnx
 * @param cacheKey the content hash the export is cached under
 * @param reused   whether the cached file was copied instead of recording the graph again
 * @param hostOps  number of host-op nodes ({@code dev.attnlab} domain) in the graph
 */
public record ExportResult(Path file, String cacheKey, boolean reused, int hostOps) {
}
