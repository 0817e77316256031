/**
 * The ONNX lowering of the tensor-op API: {@link dev.attnlab.harness.lower.onnx.OnnxGraphRecorder} records
 * every {@link dev.attnlab.api.tensor.TensorOps} call as ONNX nodes (opset
 * {@value dev.attnlab.harness.lower.onnx.OnnxGraphRecorder#OPSET}) and cuts the graph into segments at each
 * host op, giving a {@link dev.attnlab.harness.lower.onnx.RecordedProgram}. {@link
 * dev.attnlab.harness.lower.onnx.SingleFileGraph} joins a program into one model with host ops as
 * {@code dev.attnlab} nodes and splits such a model back into a program; {@link
 * dev.attnlab.harness.lower.onnx.ModelFiles} writes models with inline or external weights. Nothing here
 * runs ONNX Runtime: see {@code dev.attnlab.harness.runtime}.
 */
package dev.attnlab.harness.lower.onnx;
