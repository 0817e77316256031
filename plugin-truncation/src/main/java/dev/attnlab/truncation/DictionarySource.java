package dev.attnlab.truncation;

import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.truncation.dictionary.AttentionDictionary;
import dev.attnlab.truncation.dictionary.DictionaryBuilder;
import dev.attnlab.truncation.dictionary.DictionaryException;
import dev.attnlab.truncation.dictionary.DictionaryFile;
import dev.attnlab.truncation.dictionary.TokenizerFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the dictionary a compressor needs: loads and checks an existing file, or builds it. */
final class DictionarySource {

    private DictionarySource() {
    }

    /**
     * The file the settings name, resolved against the work directory; when they name none, a file in
     * the work directory whose name carries the model hash, the corpus hash and the windowing, so that
     * another model, another corpus or other settings never pick up a stale dictionary.
     */
    static Path fileFor(CompressionContext context, TruncationSettings settings) {
        if (!settings.dictionary().isBlank()) {
            return context.workDir().resolve(settings.dictionary());
        }
        String hash = context.model().info().contentHash().replaceAll("[^A-Za-z0-9]", "");
        String shortHash = hash.length() > 16 ? hash.substring(0, 16) : hash;
        String corpus = DictionaryBuilder.corpusSha256(context.corpus()).substring(0, 8);
        return context.workDir().resolve("attention-dictionary-" + shortHash + "-" + corpus + "-w" + settings.window()
                + "-n" + settings.windows() + ".txt");
    }

    static AttentionDictionary obtain(CompressionContext context, TruncationSettings settings) {
        Path file = fileFor(context, settings);
        ModelInfo model = context.model().info();
        String tokenizer = TokenizerFingerprint.of(context.tokenizer());
        if (Files.exists(file)) {
            AttentionDictionary dictionary = DictionaryFile.read(file);
            dictionary.requireBuiltFor(model, file);
            String built = dictionary.header().tokenizer();
            if (!built.equals(tokenizer) && !built.equals(TokenizerFingerprint.TOKEN_LEVEL)
                    && !tokenizer.equals(TokenizerFingerprint.TOKEN_LEVEL)) {
                throw new DictionaryException("attention dictionary " + file + " was built with tokenizer '" + built
                        + "' but the experiment uses '" + tokenizer + "'; delete it or point 'dictionary' elsewhere");
            }
            return dictionary;
        }
        var options = new DictionaryBuilder.Options(settings.window(), settings.windows(), settings.checkpointEvery());
        return new DictionaryBuilder(context.model(), tokenizer, options, context.progress())
                .buildInto(context.corpus(), "experiment corpus", file);
    }
}
