/** TODO */
package dev.attnlab.harness.defaults;
