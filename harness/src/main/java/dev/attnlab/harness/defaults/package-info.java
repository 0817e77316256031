/**
 * The embedded default: attnlab's own tiny Llama model, tokenizer and synthetic text with long-range
 * structure, all made by code so the quickstart runs with nothing but Maven Central; and the
 * {@code [data]} sources that turn an experiment's data section into token ids.
 */
package dev.attnlab.harness.defaults;
