/** Typed configuration schemas for providers, and the validated settings built from a TOML table. */
package dev.attnlab.api.config;
