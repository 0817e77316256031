/** TODO */
package dev.attnlab.harness.wiring;
