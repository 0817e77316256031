package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.model.ModelInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The mean attention each vocabulary token received over a corpus, with how often it was seen:
 * the "dictionary" of attention-score truncation. Immutable.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class AttentionDictionary {

    private final DictionaryHeader header;
    private final double[] means;
    private final long[] counts;

    /**
     * @param means  per token id, the mean score; ignored where the count is 0
     * @param counts per token id, how many positions held it
     */
    public AttentionDictionary(DictionaryHeader header, double[] means, long[] counts) {
        this.header = Objects.requireNonNull(header, "header");
        if (means.length != header.vocabSize() || counts.length != header.vocabSize()) {
            throw new IllegalArgumentException("means (" + means.length + ") and counts (" + counts.length
                    + ") must have the vocabulary size " + header.vocabSize());
        }
        this.means = means.clone();
        this.counts = counts.clone();
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] == 0) {
                this.means[id] = Double.NaN;
            }
        }
    }

    public DictionaryHeader header() {
        return header;
    }

    public int vocabSize() {
        return header.vocabSize();
    }

    /** Whether {@code id} occurred in the corpus. */
    public boolean seen(int id) {
        return id >= 0 && id < counts.length && counts[id] > 0;
    }

    /** How many corpus positions held {@code id} (0 for unseen or out-of-range ids). */
    public long count(int id) {
        return id >= 0 && id < counts.length ? counts[id] : 0;
    }

    /** The mean score of {@code id}, or NaN when it was never seen. */
    public double mean(int id) {
        return seen(id) ? means[id] : Double.NaN;
    }

    public double globalMean() {
        return header.globalMean();
    }

    /**
     * Fails unless this dictionary was built for {@code model}.
     *
     * @param file where the dictionary came from, for the message
     * @throws DictionaryException naming both content hashes (or both vocabulary sizes)
     */
    public void requireBuiltFor(ModelInfo model, Path file) {
        if (!header.modelHash().equals(model.contentHash())) {
            throw new DictionaryException("attention dictionary " + file + " was built for model '"
                    + header.modelName() + "' (contentHash " + header.modelHash() + ") but the model in use is '"
                    + model.name() + "' (contentHash " + model.contentHash() + "); delete the file or point "
                    + "'dictionary' at one built for this model (a missing dictionary is rebuilt automatically)");
        }
        if (header.vocabSize() != model.vocabSize()) {
            throw new DictionaryException("attention dictionary " + file + " has vocabulary size "
                    + header.vocabSize() + " but model '" + model.name() + "' has " + model.vocabSize()
                    + "; rebuild the dictionary");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionDictionary d && d.header.equals(header) && Arrays.equals(d.means, means)
                && Arrays.equals(d.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "AttentionDictionary[" + header.modelName() + ", " + header.distinct() + " of " + header.vocabSize()
                + " tokens seen, " + header.tokens() + " positions]";
    }
}
