/**
 * The {@code attnlab} command line (picocli): the built-in commands ({@code plugins}, {@code describe},
 * {@code validate}, {@code run}, {@code quickstart}, {@code export}) and the dispatch to commands that
 * plugins add. {@link dev.attnlab.harness.cli.Cli} is the testable entry point; {@link
 * dev.attnlab.harness.cli.Main} only calls it and exits with its code.
 */
package dev.attnlab.harness.cli;
