/** TODO */
package dev.attnlab.harness.config;
