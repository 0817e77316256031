/**
 * Training AutoCompressor summary-token embeddings on the eager DJL lowering: a window is cut into
 * segments, each segment is read with learned summary tokens, and the hidden states at those tokens
 * become the soft prompt of the next segment, whose next-token loss trains the summary tokens.
 */
package dev.attnlab.harness.train.autocompress;
