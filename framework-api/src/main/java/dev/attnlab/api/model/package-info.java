/** Runnable language models and tokenizers as evaluators and compressors see them. */
package dev.attnlab.api.model;
