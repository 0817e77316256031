/** The Compressor SPI: methods that shorten or encode a context before the model reads it. */
package dev.attnlab.api.compress;
