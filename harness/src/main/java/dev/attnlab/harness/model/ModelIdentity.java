package dev.attnlab.harness.model;

/**
 * What a model is called and its special tokens: the parts of {@link dev.attnlab.api.model.ModelInfo}
 * that do not follow from the architecture.
 *
 * @param name     display name, e.g. the checkpoint's file name
 * @param bosToken begin-of-sequence token id, or -1
 * @param eosToken end-of-sequence token id, or -1
 */
public record ModelIdentity(String name, int bosToken, int eosToken) {

    /** llama2.c's convention: BOS 1, EOS 2. */
    public static ModelIdentity llama2c(String name) {
        return new ModelIdentity(name, 1, 2);
    }
}
