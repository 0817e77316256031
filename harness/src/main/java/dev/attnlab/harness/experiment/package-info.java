/** TODO */
package dev.attnlab.harness.experiment;
