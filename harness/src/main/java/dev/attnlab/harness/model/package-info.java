/** TODO */
package dev.attnlab.harness.model;
