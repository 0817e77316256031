/**
 * Tokenizers behind {@link dev.attnlab.api.model.TextTokenizer}: Hugging Face {@code tokenizer.json} (through
 * DJL's native binding), llama2.c's {@code tokenizer.bin}, and attnlab's own word-level tokenizer for the
 * embedded default; {@link dev.attnlab.harness.tokenize.Tokenizers} resolves a {@code [model] tokenizer} spec
 * and checks the tokenizer against the model's vocabulary.
 */
package dev.attnlab.harness.tokenize;
