package dev.attnlab.truncation;

import java.util.Arrays;
import java.util.List;

/** The score a token gets when the dictionary never saw it (and, for {@link #PRIOR}, how rare ones are pulled). */
enum UnseenPolicy {
    /** Unseen tokens score the dictionary's global mean: neither favoured nor sacrificed. */
    GLOBAL_MEAN("global-mean"),
    /** Unseen tokens score 0: they are dropped first. */
    ZERO("zero"),
    /**
     * Every token's score is shrunk toward the global mean g with k pseudo-observations:
     * {@code (sum + k g) / (count + k)}. Unseen tokens get g; tokens seen only a few times get a score
     * between their own mean and g, so one lucky occurrence does not make a token look important.
     */
    PRIOR("prior");

    private final String key;

    UnseenPolicy(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(UnseenPolicy::key).toList();
    }

    static UnseenPolicy of(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown unseen policy " + key + "; allowed " + keys()));
    }
}
