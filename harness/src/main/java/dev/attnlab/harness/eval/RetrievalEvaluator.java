package dev.attnlab.harness.eval;

import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Evaluator;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.eval.ResultRow;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Long-range retrieval at the token level, swept over context length and needle depth: a passkey hidden
 * in data filler and asked for at the end, and a random segment to be copied after a gap. Every method
 * sees the same sequences (they depend only on the seed, the test, the length, the depth and the trial).
 */
public final class RetrievalEvaluator implements Evaluator {

    private static final List<String> TESTS = List.of("passkey", "copy");

    @Override
    public String id() {
        return "retrieval";
    }

    @Override
    public String description() {
        return "Passkey retrieval and long-range copy accuracy and loss over context length x depth";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.of(
                ConfigOption.integers("lengths", List.of(64L, 128L, 256L), "Context lengths (tokens) to test."),
                ConfigOption.reals("depths", List.of(0.0, 0.25, 0.5, 0.75, 1.0),
                        "Where the needle sits, as a fraction of the filler (0 = start, 1 = just before the question)."),
                ConfigOption.strings("tests", TESTS, "Which tests to run: passkey, copy."),
                ConfigOption.integer("trials", 3, 1, 1000, "Sequences per (test, length, depth)."),
                ConfigOption.integer("key_length", 4, 1, 64, "Tokens in the passkey."),
                ConfigOption.integer("marker_length", 2, 1, 16, "Tokens in the marker that introduces and asks for the key."),
                ConfigOption.integer("copy_length", 16, 2, 1024, "Tokens in the copied segment."));
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        List<Long> lengths = settings.getLongList("lengths");
        List<Double> depths = settings.getDoubleList("depths");
        List<String> tests = settings.getStringList("tests");
        for (String test : tests) {
            if (!TESTS.contains(test)) {
                throw new ConfigException(settings.keyPath("tests"), "unknown test '" + test + "'; allowed: " + TESTS);
            }
        }
        for (double depth : depths) {
            if (!(depth >= 0 && depth <= 1)) {
                throw new ConfigException(settings.keyPath("depths"), "depths are fractions in [0, 1], got " + depth);
            }
        }
        int trials = settings.getInt("trials");
        int keyLength = settings.getInt("key_length");
        int markerLength = settings.getInt("marker_length");
        int copyLength = settings.getInt("copy_length");
        int vocab = Vocabulary.size(context);
        OptionalInt limit = Vocabulary.contextLimit(context);
        MethodUnderTest method = context.method();

        List<ResultRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        java.util.Map<String, double[]> totals = new java.util.LinkedHashMap<>(); // test -> {exact, token acc, loss, n}
        long cells = (long) tests.size() * lengths.size() * depths.size();
        long done = 0;
        for (String test : tests) {
            for (long lengthValue : lengths) {
                int length = Math.toIntExact(lengthValue);
                if (limit.isPresent() && length > limit.getAsInt()) {
                    notes.add(test + " at length " + length + " skipped: the model accepts at most "
                            + limit.getAsInt() + " tokens");
                    done += depths.size();
                    continue;
                }
                for (double depth : depths) {
                    double exact = 0;
                    double accuracy = 0;
                    double loss = 0;
                    int distance = 0;
                    for (int trial = 0; trial < trials; trial++) {
                        SplittableRandom random = new SplittableRandom(cellSeed(context.seed(), test, length, depth, trial));
                        RetrievalTasks.Task task;
                        try {
                            task = test.equals("passkey")
                                    ? RetrievalTasks.passkey(context.tokens(), length, depth, markerLength, keyLength, vocab, random)
                                    : RetrievalTasks.copy(length, depth, copyLength, vocab, random);
                        } catch (IllegalArgumentException e) {
                            throw new ConfigException(settings.keyPath("lengths"), e.getMessage()
                                    + "; use longer lengths or a shorter key/segment");
                        }
                        Score score = score(method, task);
                        exact += score.exact ? 1 : 0;
                        accuracy += score.accuracy;
                        loss += score.loss;
                        distance = task.distance();
                    }
                    rows.add(ResultRow.of("test", test, "length", length, "depth", depth, "distance", distance,
                            "exact_match", exact / trials, "token_accuracy", accuracy / trials, "loss", loss / trials));
                    double[] t = totals.computeIfAbsent(test, k -> new double[4]);
                    t[0] += exact / trials;
                    t[1] += accuracy / trials;
                    t[2] += loss / trials;
                    t[3] += 1;
                    context.progress().report("retrieval " + method.label(), ++done, cells);
                }
            }
        }
        List<Metric> metrics = new ArrayList<>();
        for (String test : tests) {
            double[] t = totals.getOrDefault(test, new double[] {Double.NaN, Double.NaN, Double.NaN, 1});
            metrics.add(Metric.of(test + ".exact_match", t[0] / t[3], "fraction",
                    "share of " + test + " answers the greedy continuation gets entirely right"));
            metrics.add(Metric.of(test + ".token_accuracy", t[1] / t[3], "fraction",
                    "share of " + test + " answer tokens predicted top-1 given the right prefix"));
            metrics.add(Metric.of(test + ".loss", t[2] / t[3], "nats", "mean NLL of the " + test + " answer tokens"));
        }
        notes.add("chance level for token accuracy is about 1/" + vocab + "; " + trials + " trials per cell");
        return new EvaluationResult(metrics, rows, notes);
    }

    private record Score(boolean exact, double accuracy, double loss) {
    }

    /**
     * Teacher-forced scoring of the answer. All answer tokens being top-1 under teacher forcing is the
     * same event as greedy decoding producing the answer exactly, so one pass gives both.
     */
    static Score score(MethodUnderTest method, RetrievalTasks.Task task) {
        int[] answer = task.answer();
        FloatTensor logits = method.continuationLogits(task.context(), answer);
        LogProbs.checkShape(logits, answer.length, method.label());
        int correct = 0;
        double nll = 0;
        for (int i = 0; i < answer.length; i++) {
            double[] logp = LogProbs.logSoftmax(logits, i);
            correct += LogProbs.argmax(logp) == answer[i] ? 1 : 0;
            nll -= logp[answer[i]];
        }
        return new Score(correct == answer.length, correct / (double) answer.length, nll / answer.length);
    }

    private static long cellSeed(long seed, String test, int length, double depth, int trial) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = 31 * h + test.hashCode();
        h = 31 * h + length;
        h = 31 * h + Double.hashCode(depth);
        return 31 * h + trial;
    }
}
