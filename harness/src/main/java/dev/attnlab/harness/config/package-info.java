/**
 * Experiment files: {@link dev.attnlab.harness.config.ExperimentLoader} reads a TOML file (the only
 * class that uses toml4j) into the validated, immutable {@link dev.attnlab.harness.config.Experiment}
 * record, reporting every problem with file, line and key path in one
 * {@link dev.attnlab.harness.config.InvalidExperimentException}. The format is documented in
 * docs/configuration.md.
 */
package dev.attnlab.harness.config;
