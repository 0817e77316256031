/**
 * A run's results and what is written from them: the value records ({@link
 * dev.attnlab.harness.report.RunResults}, its cells and provenance), results.json, results.csv,
 * summary.md, the charts (XChart, PNG and SVG) and console progress. Every file is written atomically.
 */
package dev.attnlab.harness.report;
