/** TODO */
package dev.attnlab.harness.runtime;
