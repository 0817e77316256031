/** TODO */
package dev.attnlab.harness.tokenize;
