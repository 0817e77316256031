package dev.attnlab.harness.config;

/**
 * {@code [data]}: the tokens every method is evaluated on.
 *
 * @param source {@code embedded:default} (the project's own text), a text file path (tokenized with the
 *               model's tokenizer), or {@code model-samples} (token ids sampled from the reference model
 *               itself, seeded: for models without a tokenizer)
 * @param tokens how many tokens to use
 * @param offset how many tokens to skip from the start of the source
 */
public record DataSpec(String source, int tokens, int offset) {
}
