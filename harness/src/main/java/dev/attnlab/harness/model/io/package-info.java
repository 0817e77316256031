/**
 * Checkpoint importers: llama2.c {@code .bin} files ({@link dev.attnlab.harness.model.io.Llama2cLoader}),
 * safetensors files read and written with the project's own small codec
 * ({@link dev.attnlab.harness.model.io.SafetensorsReader}, {@link dev.attnlab.harness.model.io.SafetensorsWriter}),
 * Hugging Face model directories ({@link dev.attnlab.harness.model.io.HfModelDirectory}), and the entry
 * point that picks one from a checkpoint spec ({@link dev.attnlab.harness.model.io.Checkpoints}).
 */
package dev.attnlab.harness.model.io;
