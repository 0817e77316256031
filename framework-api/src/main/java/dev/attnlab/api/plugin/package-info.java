/** Identity and metadata shared by every provider (plugin entry point). */
package dev.attnlab.api.plugin;
