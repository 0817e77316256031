package dev.attnlab.truncation.dictionary;

import dev.attnlab.api.ApiStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes attention dictionaries. The format (version 1) is UTF-8 text, one item per line:
 * <pre>
 * attnlab-attention-dictionary 1
 * model.name stories260K
 * model.hash 3f2a...            (ModelInfo.contentHash of the model that built it)
 * vocab 512
 * tokenizer token-level         (or sha256:... of the tokenizer's vocabulary)
 * corpus 8192 tokens, 32 windows of 256 from the start
 * corpus.sha256 9c1e...
 * window 256
 * windows 32
 * tokens 8192                   (positions aggregated = sum of the counts below)
 * distinct 301                  (number of entry lines below)
 * global_mean 0.0123
 * entries id count mean
 * 0 12 0.0311                   (one line per seen token id, ascending)
 * ...
 * end crc32 0a1b2c3d            (CRC-32 of every byte above this line)
 * </pre>
 * Numbers are written with Java's shortest exact decimal form, so a file reads back bit for bit.
 * Loading is strict: another first line, another version, a missing, unknown or repeated key, a bad
 * number, inconsistent totals or a failed checksum are errors naming the file.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class DictionaryFile {

    public static final String MAGIC = "attnlab-attention-dictionary";
    public static final int FORMAT_VERSION = 1;
    static final String WHAT = "attention dictionary";
    private static final String ENTRIES = "entries id count mean";
    private static final List<String> KEYS = List.of("model.name", "model.hash", "vocab", "tokenizer", "corpus",
            "corpus.sha256", "window", "windows", "tokens", "distinct", "global_mean");

    private DictionaryFile() {
    }

    /** Writes {@code dictionary} to {@code file} atomically (temporary file, then move). */
    public static void write(AttentionDictionary dictionary, Path file) {
        DictionaryHeader h = dictionary.header();
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC + " " + FORMAT_VERSION);
        lines.add("model.name " + h.modelName());
        lines.add("model.hash " + h.modelHash());
        lines.add("vocab " + h.vocabSize());
        lines.add("tokenizer " + h.tokenizer());
        lines.add("corpus " + h.corpus());
        lines.add("corpus.sha256 " + h.corpusSha256());
        lines.add("window " + h.window());
        lines.add("windows " + h.windows());
        lines.add("tokens " + h.tokens());
        lines.add("distinct " + h.distinct());
        lines.add("global_mean " + h.globalMean());
        lines.add(ENTRIES);
        for (int id = 0; id < h.vocabSize(); id++) {
            if (dictionary.seen(id)) {
                lines.add(id + " " + dictionary.count(id) + " " + dictionary.mean(id));
            }
        }
        CheckedTextFile.write(file, lines);
    }

    /**
     * Reads a dictionary written by {@link #write}.
     *
     * @throws DictionaryException if the file is missing, of another format or version, or corrupted
     */
    public static AttentionDictionary read(Path file) {
        List<String> lines = CheckedTextFile.read(file, WHAT);
        if (lines.isEmpty()) {
            throw CheckedTextFile.corrupted(file, WHAT, "it is empty");
        }
        checkFormatLine(file, lines.get(0));
        Map<String, String> values = new LinkedHashMap<>();
        int line = 1;
        while (line < lines.size() && !lines.get(line).equals(ENTRIES)) {
            String text = lines.get(line);
            int space = text.indexOf(' ');
            String key = space < 0 ? text : text.substring(0, space);
            if (!KEYS.contains(key)) {
                throw CheckedTextFile.corrupted(file, WHAT, "line " + (line + 1) + " has unknown key '" + key
                        + "'; version " + FORMAT_VERSION + " keys are " + KEYS);
            }
            if (values.put(key, space < 0 ? "" : text.substring(space + 1)) != null) {
                throw CheckedTextFile.corrupted(file, WHAT, "key '" + key + "' appears twice");
            }
            line++;
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw CheckedTextFile.corrupted(file, WHAT, "header key '" + key + "' is missing");
            }
        }
        if (line == lines.size()) {
            throw CheckedTextFile.corrupted(file, WHAT, "the line '" + ENTRIES + "' is missing");
        }
        Fields f = new Fields(file, values);
        DictionaryHeader header = new DictionaryHeader(FORMAT_VERSION, values.get("model.name"),
                values.get("model.hash"), f.positiveInt("vocab"), values.get("tokenizer"), values.get("corpus"),
                values.get("corpus.sha256"), f.positiveInt("window"), f.positiveInt("windows"),
                f.positiveLong("tokens"), f.positiveInt("distinct"), f.finite("global_mean"));
        return readEntries(file, header, lines.subList(line + 1, lines.size()));
    }

    private static void checkFormatLine(Path file, String first) {
        String[] parts = first.split(" ");
        if (parts.length != 2 || !parts[0].equals(MAGIC)) {
            throw new DictionaryException(file + " is not an attnlab attention dictionary: its first line is '"
                    + abbreviate(first) + "', expected '" + MAGIC + " " + FORMAT_VERSION + "'");
        }
        if (!parts[1].equals(Integer.toString(FORMAT_VERSION))) {
            throw new DictionaryException("attention dictionary " + file + " has format version '" + parts[1]
                    + "' but this build reads version " + FORMAT_VERSION + "; rebuild it with this version "
                    + "(delete it and it is rebuilt when the experiment runs)");
        }
    }

    private static AttentionDictionary readEntries(Path file, DictionaryHeader header, List<String> entries) {
        if (entries.size() != header.distinct()) {
            throw CheckedTextFile.corrupted(file, WHAT, "header says " + header.distinct() + " entries but "
                    + entries.size() + " follow");
        }
        double[] means = new double[header.vocabSize()];
        long[] counts = new long[header.vocabSize()];
        long total = 0;
        double sum = 0;
        int previous = -1;
        for (int i = 0; i < entries.size(); i++) {
            String[] parts = entries.get(i).split(" ");
            String where = "entry " + (i + 1) + " ('" + abbreviate(entries.get(i)) + "')";
            if (parts.length != 3) {
                throw CheckedTextFile.corrupted(file, WHAT, where + " is not 'id count mean'");
            }
            int id;
            long count;
            double mean;
            try {
                id = Integer.parseInt(parts[0]);
                count = Long.parseLong(parts[1]);
                mean = Double.parseDouble(parts[2]);
            } catch (NumberFormatException e) {
                throw CheckedTextFile.corrupted(file, WHAT, where + " has a malformed number");
            }
            if (id <= previous || id >= header.vocabSize() || count <= 0 || !Double.isFinite(mean) || mean < 0) {
                throw CheckedTextFile.corrupted(file, WHAT, where + " needs an id above the previous one and below "
                        + header.vocabSize() + ", a positive count and a finite mean >= 0");
            }
            previous = id;
            counts[id] = count;
            means[id] = mean;
            total += count;
            sum += mean * count;
        }
        if (total != header.tokens()) {
            throw CheckedTextFile.corrupted(file, WHAT, "the entry counts add up to " + total
                    + " but the header says tokens " + header.tokens());
        }
        double recomputed = sum / total;
        if (Math.abs(recomputed - header.globalMean()) > 1e-9 * Math.max(1, Math.abs(recomputed))) {
            throw CheckedTextFile.corrupted(file, WHAT, "global_mean " + header.globalMean()
                    + " disagrees with the entries' mean " + recomputed);
        }
        return new AttentionDictionary(header, means, counts);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Typed header values with errors that name the file and key. */
    private record Fields(Path file, Map<String, String> values) {

        int positiveInt(String key) {
            long v = positiveLong(key);
            if (v > Integer.MAX_VALUE) {
                throw CheckedTextFile.corrupted(file, WHAT, "'" + key + "' " + v + " is too large");
            }
            return (int) v;
        }

        long positiveLong(String key) {
            try {
                long v = Long.parseLong(values.get(key));
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the key
            }
            throw CheckedTextFile.corrupted(file, WHAT, "'" + key + "' must be a positive integer, found '"
                    + values.get(key) + "'");
        }

        double finite(String key) {
            try {
                double v = Double.parseDouble(values.get(key));
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the key
            }
            throw CheckedTextFile.corrupted(file, WHAT, "'" + key + "' must be a finite number, found '"
                    + values.get(key) + "'");
        }
    }
}
