/**
 * Plugin discovery: every {@link dev.attnlab.api.attention.AttentionStrategy},
 * {@link dev.attnlab.api.compress.Compressor}, {@link dev.attnlab.api.eval.Evaluator} and
 * {@link dev.attnlab.api.plugin.PluginCommand} on the module path, plus those in the jars of a plugins
 * directory, each jar loaded in its own {@link java.lang.ModuleLayer}. A broken plugin becomes a
 * {@link dev.attnlab.harness.plugins.PluginProblem}; it never stops the others from loading.
 */
package dev.attnlab.harness.plugins;
