package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Builds an attention dictionary by running a model over a corpus in consecutive, non-overlapping
 * windows of equal length taken from the start of the corpus (a remainder shorter than a window is not
 * used). Every position's received attention ({@link ReceivedAttention}) is added to its token's totals.
 *
 * <p>The build is resumable: every {@code checkpointEvery} windows the totals are written next to the
 * dictionary ({@link #checkpointFileFor}); a build of the same model, corpus and windowing that finds
 * the checkpoint continues after its last window and produces the same dictionary bit for bit.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class DictionaryBuilder {

    /**
     * How to window the corpus.
     *
     * @param window          the window length (capped by the model's context and the corpus length)
     * @param maxWindows      the most windows to use; 0 uses every full window of the corpus
     * @param checkpointEvery write a checkpoint after every this many windows
     */
    public record Options(int window, int maxWindows, int checkpointEvery) {
        public Options {
            if (window < 1 || maxWindows < 0 || checkpointEvery < 1) {
                throw new IllegalArgumentException("need window >= 1, maxWindows >= 0, checkpointEvery >= 1; got "
                        + window + ", " + maxWindows + ", " + checkpointEvery);
            }
        }
    }

    private final LanguageModel model;
    private final String tokenizer;
    private final Options options;
    private final Progress progress;

    /**
     * @param tokenizer the tokenizer fingerprint to record ({@link TokenizerFingerprint})
     */
    public DictionaryBuilder(LanguageModel model, String tokenizer, Options options, Progress progress) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Where the build of {@code dictionaryFile} keeps its checkpoint. */
    public static Path checkpointFileFor(Path dictionaryFile) {
        return dictionaryFile.resolveSibling(dictionaryFile.getFileName() + ".partial");
    }

    /**
     * Builds the dictionary of {@code corpus}, writes it atomically to {@code dictionaryFile} and removes
     * the checkpoint.
     *
     * @param corpus      token ids of the model's vocabulary; at least one token
     * @param corpusLabel a short description of where the corpus came from, for the header
     * @return the dictionary that was written
     */
    public AttentionDictionary buildInto(int[] corpus, String corpusLabel, Path dictionaryFile) {
        if (corpus.length == 0) {
            throw new IllegalArgumentException("cannot build attention dictionary " + dictionaryFile
                    + " from an empty corpus; give the experiment data to calibrate on, or set 'dictionary' to "
                    + "an existing dictionary file");
        }
        ModelInfo info = model.info();
        int window = windowLength(corpus.length, info);
        int available = corpus.length / window;
        int windows = options.maxWindows() == 0 ? available : Math.min(available, options.maxWindows());
        var plan = new BuildCheckpoint.BuildPlan(info.contentHash(), corpusSha256(corpus), window, windows,
                info.vocabSize());
        Path checkpointFile = checkpointFileFor(dictionaryFile);
        BuildCheckpoint start = BuildCheckpoint.read(checkpointFile, plan)
                .orElse(new BuildCheckpoint(plan, 0, new ScoreTotals(info.vocabSize())));
        ScoreTotals totals = start.totals();
        String task = "attention dictionary " + dictionaryFile.getFileName();
        progress.report(task, start.done(), windows);
        for (int w = start.done(); w < windows; w++) {
            int offset = w * window;
            int[] tokens = java.util.Arrays.copyOfRange(corpus, offset, offset + window);
            totals.add(corpus, offset, ReceivedAttention.measure(model, tokens));
            int done = w + 1;
            progress.report(task, done, windows);
            if (done % options.checkpointEvery() == 0 && done < windows) {
                new BuildCheckpoint(plan, done, totals).write(checkpointFile);
            }
        }
        String description = (corpusLabel == null || corpusLabel.isBlank() ? "corpus" : corpusLabel) + " of "
                + corpus.length + " tokens; the first " + windows + " windows of " + window + " tokens";
        long count = totals.totalCount();
        var header = new DictionaryHeader(DictionaryFile.FORMAT_VERSION, info.name(), info.contentHash(),
                info.vocabSize(), tokenizer, description, plan.corpusSha256(), window, windows, count,
                totals.distinct(), totals.totalSum() / count);
        AttentionDictionary dictionary = new AttentionDictionary(header, totals.means(), totals.counts());
        DictionaryFile.write(dictionary, dictionaryFile);
        try {
            Files.deleteIfExists(checkpointFile);
        } catch (IOException e) {
            throw new UncheckedIOException("wrote " + dictionaryFile + " but could not remove its checkpoint "
                    + checkpointFile + ": " + e.getMessage(), e);
        }
        return dictionary;
    }

    private int windowLength(int corpusLength, ModelInfo info) {
        int window = Math.min(options.window(), corpusLength);
        return info.maxContext() > 0 ? Math.min(window, info.maxContext()) : window;
    }

    /** Hex SHA-256 of the token ids as big-endian 32-bit integers. */
    public static String corpusSha256(int[] corpus) {
        MessageDigest digest = TokenizerFingerprint.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(4 * 4096);
        for (int i = 0; i < corpus.length; i++) {
            buffer.putInt(corpus[i]);
            if (!buffer.hasRemaining()) {
                digest.update(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
        }
        digest.update(buffer.array(), 0, buffer.position());
        return HexFormat.of().formatHex(digest.digest());
    }
}
