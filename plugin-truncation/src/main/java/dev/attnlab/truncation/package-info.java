/**
 * The {@code attention-truncation} compressor: option parsing, the per-variant position scorers, the
 * selection of the tokens that survive, and the {@code truncation inspect-dictionary} command.
 */
package dev.attnlab.truncation;
