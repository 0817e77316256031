/** The Infini-attention strategy ({@link dev.attnlab.infini.InfiniStrategy}, provider id {@code infini}). */
package dev.attnlab.infini;
