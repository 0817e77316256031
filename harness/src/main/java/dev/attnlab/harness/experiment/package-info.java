/**
 * Runs experiments: {@link dev.attnlab.harness.experiment.ExperimentRunner} builds each method of an
 * experiment beside full attention (strategies as models, compressors as the full model reading the
 * compressed context), runs every evaluator on it, and writes results as it goes. Models, data and
 * providers come through three small interfaces ({@link dev.attnlab.harness.experiment.ModelProvider},
 * {@link dev.attnlab.harness.experiment.DatasetProvider}, {@link dev.attnlab.harness.experiment.ProviderCatalog})
 * that the harness binds to its loaders and tests bind to fakes.
 */
package dev.attnlab.harness.experiment;
