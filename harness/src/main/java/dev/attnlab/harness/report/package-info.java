/** TODO */
package dev.attnlab.harness.report;
