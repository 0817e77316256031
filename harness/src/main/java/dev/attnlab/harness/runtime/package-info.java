/**
 * Execution on ONNX Runtime Java. {@link dev.attnlab.harness.runtime.ModelRuntime} records a
 * {@link dev.attnlab.harness.model.ModelDefinition} with one attention strategy into ONNX segments and
 * returns a {@link dev.attnlab.api.model.LanguageModel} ({@link dev.attnlab.harness.runtime.OrtLanguageModel})
 * for prefill, incremental decoding with state kept in ORT values, and generation. Host ops run between
 * segments on the Java heap. {@link dev.attnlab.harness.runtime.ModelExporter} writes .onnx files and keeps a
 * content-hash keyed cache of them; see docs/export-contract.md for the graph contract.
 */
package dev.attnlab.harness.runtime;
