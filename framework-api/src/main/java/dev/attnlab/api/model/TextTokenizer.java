package dev.attnlab.api.model;

import dev.attnlab.api.ApiStatus;

/** Turns text into token ids and back. */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public interface TextTokenizer {

    /** A short name, e.g. {@code attnlab-default} or the tokenizer file's name. */
    String name();

    int vocabSize();

    /** Token ids of {@code text}, without special tokens. */
    int[] encode(String text);

    String decode(int[] ids);

    /** The begin-of-sequence id, or -1. */
    int bosToken();

    /** The end-of-sequence id, or -1. */
    int eosToken();
}
