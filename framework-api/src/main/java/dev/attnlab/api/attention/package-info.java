/** The AttentionStrategy SPI: how one layer's attention core is computed, and shared helpers. */
package dev.attnlab.api.attention;
