/**
 * Model families written once against {@link dev.attnlab.api.tensor.TensorOps}: {@link
 * dev.attnlab.harness.model.LlamaModel} (Llama, llama2.c, Mistral, Qwen2) and {@link
 * dev.attnlab.harness.model.Gpt2Model}, their configurations and canonical weight names
 * ({@link dev.attnlab.harness.model.LlamaNames}, {@link dev.attnlab.harness.model.Gpt2Names}), and the
 * {@link dev.attnlab.harness.model.ModelDefinition} contract that the lowerings record. Checkpoint
 * files are read by {@code dev.attnlab.harness.model.io}.
 */
package dev.attnlab.harness.model;
