/**
 * Independent reference forward passes in plain Java float loops, one token at a time with a KV
 * cache in the style of llama2.c's {@code run.c}. They share no code with the tensor-op graphs of
 * {@code dev.attnlab.harness.model} (only the weights, read by name), so that the parity tests between
 * the two compare two separately written implementations of the same architecture.
 */
package dev.attnlab.harness.reference;
