package dev.attnlab.truncation.dictionary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The partial sums of an interrupted dictionary build, so that the next build continues after the
 * last checkpointed window. Sums are written as hexadecimal doubles: the resumed build is bit-identical
 * to an uninterrupted one.
 *
 * @param plan   what is being built; a checkpoint of another plan is ignored
 * @param done   how many windows the totals include
 * @param totals the per-token sums and counts after {@code done} windows
 */
record BuildCheckpoint(BuildPlan plan, int done, ScoreTotals totals) {

    static final String MAGIC = "attnlab-attention-dictionary-checkpoint 1";
    private static final String WHAT = "dictionary build checkpoint";

    /** The identity of one build: the same model, corpus and windowing give the same dictionary. */
    record BuildPlan(String modelHash, String corpusSha256, int window, int windows, int vocabSize) {
    }

    void write(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC);
        lines.add("model.hash " + plan.modelHash());
        lines.add("corpus.sha256 " + plan.corpusSha256());
        lines.add("window " + plan.window());
        lines.add("windows " + plan.windows());
        lines.add("vocab " + plan.vocabSize());
        lines.add("done " + done);
        for (int id = 0; id < totals.vocabSize(); id++) {
            if (totals.count(id) > 0) {
                lines.add(id + " " + totals.count(id) + " " + Double.toHexString(totals.sum(id)));
            }
        }
        CheckedTextFile.write(file, lines);
    }

    /**
     * The checkpoint in {@code file} if there is one for {@code plan}. A missing file is empty; a file
     * for another plan is empty (it is overwritten by the next checkpoint).
     *
     * @throws DictionaryException if the file exists but is damaged
     */
    static Optional<BuildCheckpoint> read(Path file, BuildPlan plan) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines = CheckedTextFile.read(file, WHAT);
        if (lines.size() < 7 || !lines.get(0).equals(MAGIC)) {
            throw CheckedTextFile.corrupted(file, WHAT, "it does not start with '" + MAGIC + "' and six header lines");
        }
        try {
            BuildPlan stored = new BuildPlan(value(lines, 1, "model.hash"), value(lines, 2, "corpus.sha256"),
                    Integer.parseInt(value(lines, 3, "window")), Integer.parseInt(value(lines, 4, "windows")),
                    Integer.parseInt(value(lines, 5, "vocab")));
            if (!stored.equals(plan)) {
                return Optional.empty();
            }
            int done = Integer.parseInt(value(lines, 6, "done"));
            ScoreTotals totals = new ScoreTotals(plan.vocabSize());
            for (String line : lines.subList(7, lines.size())) {
                String[] parts = line.split(" ");
                totals.set(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Double.parseDouble(parts[2]));
            }
            if (done < 0 || done > plan.windows() || totals.totalCount() != (long) done * plan.window()) {
                throw CheckedTextFile.corrupted(file, WHAT, "its counts do not match " + done + " windows of "
                        + plan.window());
            }
            return Optional.of(new BuildCheckpoint(plan, done, totals));
        } catch (RuntimeException e) {
            if (e instanceof DictionaryException d) {
                throw d;
            }
            throw CheckedTextFile.corrupted(file, WHAT, "unreadable entry (" + e.getMessage() + ")");
        }
    }

    private static String value(List<String> lines, int index, String key) {
        String line = lines.get(index);
        if (!line.startsWith(key + " ")) {
            throw new IllegalArgumentException("line " + (index + 1) + " should start with '" + key + "'");
        }
        return line.substring(key.length() + 1);
    }
}
