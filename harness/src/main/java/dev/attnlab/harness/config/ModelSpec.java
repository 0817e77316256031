package dev.attnlab.harness.config;

import java.util.Optional;

/**
 * {@code [model]}: which checkpoint to run and where.
 *
 * @param checkpoint {@code embedded:default}, a llama2.c {@code .bin}, a Hugging Face model directory,
 *                   or an exported {@code .onnx}; paths resolved against the experiment file
 * @param tokenizer  a {@code tokenizer.json}, a llama2.c {@code tokenizer.bin}, {@code embedded:default},
 *                   or empty for token-level work
 * @param device     {@code cpu}, {@code cuda} or {@code auto}
 * @param threads    intra-op threads for ONNX Runtime (0 = its default)
 */
public record ModelSpec(String checkpoint, Optional<String> tokenizer, String device, int threads) {
}
