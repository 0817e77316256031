/**
 * AutoCompressor: compresses a context into summary vectors. The context is cut into segments; the model
 * reads each segment followed by learned summary-token embeddings, and its final hidden states at those
 * positions become the segment's summary vectors, which the next segment reads as a soft prompt. The
 * result is a soft prompt the model is conditioned on instead of the context's tokens.
 *
 * <p>Provides the {@code autocompressor} compressor. Depends on the attnlab API only; the summary-token
 * embeddings are read from a safetensors file with a small reader of its own.
 */
module dev.attnlab.autocompressor {
    requires dev.attnlab.api;

    provides dev.attnlab.api.compress.Compressor with
            dev.attnlab.autocompressor.AutoCompressor;
}
