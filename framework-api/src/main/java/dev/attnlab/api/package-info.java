/** Cross-cutting annotations of the attnlab API. */
package dev.attnlab.api;
