package dev.attnlab.truncation;

import java.util.Arrays;
import java.util.List;

/** Where the scores that decide which tokens survive come from. */
enum Variant {
    /** The dictionary's mean score of each token id (the original method). */
    STATIC("static", true, false),
    /** The attention each position receives from the model on this very input (one extra forward pass). */
    INPUT("input", false, true),
    /** A weighted mix of the two, each normalised to mean 1 over the input. */
    MIX("mix", true, true),
    /** Baseline: keep the earliest tokens. */
    HEAD("head", false, false),
    /** Baseline: keep the latest tokens. */
    TAIL("tail", false, false),
    /** Baseline: keep a seeded random subset. */
    RANDOM("random", false, false);

    private final String key;
    private final boolean needsDictionary;
    private final boolean needsModel;

    Variant(String key, boolean needsDictionary, boolean needsModel) {
        this.key = key;
        this.needsDictionary = needsDictionary;
        this.needsModel = needsModel;
    }

    String key() {
        return key;
    }

    boolean needsDictionary() {
        return needsDictionary;
    }

    boolean needsModel() {
        return needsModel;
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Variant::key).toList();
    }

    static Variant of(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown variant " + key + "; allowed " + keys()));
    }
}
