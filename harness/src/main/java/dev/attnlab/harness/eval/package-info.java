/** TODO */
package dev.attnlab.harness.eval;
