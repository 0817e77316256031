/**
 * Attention dictionaries: the attention each position receives in a forward pass, its aggregation per
 * vocabulary token over a corpus (resumable), and the versioned, checksummed file that holds the result.
 */
package dev.attnlab.truncation.dictionary;
