/** TODO */
package dev.attnlab.harness.reference;
