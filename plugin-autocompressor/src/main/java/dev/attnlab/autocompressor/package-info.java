/** The {@code autocompressor} compressor: segments to summary vectors to a soft prompt. */
package dev.attnlab.autocompressor;
