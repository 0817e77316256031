/** TODO */
package dev.attnlab.harness.cli;
