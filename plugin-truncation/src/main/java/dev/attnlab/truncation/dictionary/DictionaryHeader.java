package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;

/**
 * Where an attention dictionary came from: the model and tokenizer it describes and the corpus it was
 * measured on. Written at the top of the dictionary file (see {@link DictionaryFile}).
 *
 * @param formatVersion the file format version ({@link DictionaryFile#FORMAT_VERSION})
 * @param modelName     the model's display name
 * @param modelHash     the model's {@code ModelInfo.contentHash}; a dictionary is only valid for it
 * @param vocabSize     the model's vocabulary size; token ids lie in {@code [0, vocabSize)}
 * @param tokenizer     a tokenizer fingerprint, or {@code token-level} (see {@link TokenizerFingerprint})
 * @param corpus        a human-readable description of the corpus
 * @param corpusSha256  SHA-256 of the corpus token ids (see {@link DictionaryBuilder#corpusSha256})
 * @param window        the length of every model window the scores were measured in
 * @param windows       how many windows were measured
 * @param tokens        how many token positions were aggregated ({@code window * windows})
 * @param distinct      how many distinct token ids were seen
 * @param globalMean    the mean score over all aggregated positions
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public record DictionaryHeader(int formatVersion, String modelName, String modelHash, int vocabSize,
                               String tokenizer, String corpus, String corpusSha256, int window, int windows,
                               long tokens, int distinct, double globalMean) {

    public DictionaryHeader {
        modelName = oneLine(modelName);
        modelHash = oneLine(modelHash);
        tokenizer = oneLine(tokenizer);
        corpus = oneLine(corpus);
        corpusSha256 = oneLine(corpusSha256);
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be positive, was " + vocabSize);
        }
    }

    /** Text fields are written one per line, so line breaks inside them become spaces. */
    private static String oneLine(String value) {
        return value == null || value.isBlank() ? "-" : value.replaceAll("[\\r\\n]+", " ").strip();
    }
}
