/** The Evaluator SPI: metrics computed over a method and the full-attention reference on the same tokens. */
package dev.attnlab.api.eval;
