package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.model.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Identifies a tokenizer by its vocabulary, since the API offers no tokenizer hash: SHA-256 over its
 * name, its size and the decoded text of every id. Models used without a tokenizer are
 * {@value #TOKEN_LEVEL}.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class TokenizerFingerprint {

    public static final String TOKEN_LEVEL = "token-level";

    private TokenizerFingerprint() {
    }

    public static String of(Optional<TextTokenizer> tokenizer) {
        if (tokenizer.isEmpty()) {
            return TOKEN_LEVEL;
        }
        TextTokenizer t = tokenizer.get();
        MessageDigest digest = sha256();
        digest.update((t.name() + "\n" + t.vocabSize() + "\n").getBytes(StandardCharsets.UTF_8));
        for (int id = 0; id < t.vocabSize(); id++) {
            String piece;
            try {
                piece = t.decode(new int[] {id});
            } catch (RuntimeException e) {
                // some ids (e.g. special tokens) may not decode alone; their position still counts
                piece = "\u0000";
            }
            digest.update((piece + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return t.name() + " sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
