/**
 * The built-in evaluators: perplexity, KL divergence from full attention, attention fidelity, long-range
 * retrieval, scaling of time and memory with context length, and side-by-side generation. Each is an
 * {@link dev.attnlab.api.eval.Evaluator} provider working only through
 * {@link dev.attnlab.api.eval.EvaluationContext}; the numerics (log-softmax, KL, windows, power-law fit)
 * are package-private helpers, all in double precision.
 */
package dev.attnlab.harness.eval;
