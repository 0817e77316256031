/** TODO */
package dev.attnlab.harness.plugins;
