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
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.defaults.FactProbes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Fact recall in text: a context states a fact (a box number, a pet's name, an age, a secret code) and
 * wanders on for {@code fillers} sentences; the continuation asks for the fact ({@link FactProbes}). The
 * method gets the context (its way: with its attention, or compressed) and the question, and is scored on
 * the answer's tokens: top-1 under teacher forcing (all of them right = greedy decoding answers exactly)
 * and their mean NLL. The same question after nothing but BOS, on the reference model, gives the
 * no-context level each method should beat.
 */
public final class FactRecallEvaluator implements Evaluator {

    @Override
    public String id() {
        return "fact-recall";
    }

    @Override
    public String description() {
        return "Answers about a fact stated earlier in the context, over the distance to it (needs a text tokenizer)";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.of(
                ConfigOption.integers("fillers", List.of(2L, 8L, 16L),
                        "Everyday sentences between the fact and the question (about 8 tokens each)."),
                ConfigOption.integer("trials", 16, 1, 10_000, "Probes per filler count."));
    }

    @Override
    public EvaluationResult evaluate(EvaluationContext context, Settings settings) {
        TextTokenizer tokenizer = context.tokenizer().orElseThrow(() -> new ConfigException(settings.keyPath(),
                "fact-recall writes English text and needs the model's tokenizer; set [model] tokenizer"));
        List<Long> fillers = settings.getLongList("fillers");
        int trials = settings.getInt("trials");
        OptionalInt limit = Vocabulary.contextLimit(context);
        int bos = tokenizer.bosToken();
        FactProbes probes = new FactProbes(context.seed());
        MethodUnderTest method = context.method();

        List<ResultRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Score total = new Score();
        Score totalAlone = new Score();
        long done = 0;
        for (long fillerCount : fillers) {
            if (fillerCount < 0 || fillerCount > 10_000) {
                throw new ConfigException(settings.keyPath("fillers"), "filler counts are 0..10000, got " + fillerCount);
            }
            Score cell = new Score();
            Score alone = new Score();
            long contextTokens = 0;
            int scored = 0;
            for (int trial = 0; trial < trials; trial++) {
                Encoded probe = encode(tokenizer, probes.probe(trial, (int) fillerCount), bos);
                context.progress().report("fact-recall " + method.label(), ++done, (long) trials * fillers.size());
                if (limit.isPresent() && probe.context.length + probe.continuation.length > limit.getAsInt()) {
                    continue;
                }
                cell.add(method.continuationLogits(probe.context, probe.continuation), probe, method.label());
                if (bos >= 0) {
                    alone.add(context.reference().continuationLogits(new int[] {bos}, probe.continuation), probe,
                            context.reference().label());
                }
                contextTokens += probe.context.length;
                scored++;
            }
            if (scored == 0) {
                notes.add(fillerCount + " fillers skipped: the probes exceed the model's " + limit.getAsInt()
                        + " positions");
                continue;
            }
            total.merge(cell);
            totalAlone.merge(alone);
            rows.add(ResultRow.of("fillers", fillerCount, "context_tokens", contextTokens / (double) scored,
                    "exact_match", cell.exact(), "token_accuracy", cell.accuracy(), "loss", cell.loss(),
                    "no_context_exact_match", alone.exact(), "no_context_loss", alone.loss(), "probes", scored));
        }
        List<Metric> metrics = new ArrayList<>(List.of(
                Metric.of("exact_match", total.exact(), "fraction", "share of answers entirely right (greedy)"),
                Metric.of("token_accuracy", total.accuracy(), "fraction", "share of answer tokens predicted top-1"),
                Metric.of("loss", total.loss(), "nats", "mean NLL of the answer tokens")));
        if (bos >= 0) {
            metrics.add(Metric.of("no_context.exact_match", totalAlone.exact(), "fraction",
                    "the same questions after BOS only, on the reference model"));
            metrics.add(Metric.of("no_context.loss", totalAlone.loss(), "nats",
                    "answer NLL after BOS only, on the reference model"));
        } else {
            notes.add("no no-context level: the tokenizer has no BOS token to stand for an empty context");
        }
        notes.add(trials + " probes per filler count; answers are box numbers, pet names, ages and secret codes");
        return new EvaluationResult(metrics, rows, notes);
    }

    /** A probe as token ids: context (after BOS), then question + answer; the answer is the last tokens. */
    private record Encoded(int[] context, int[] continuation, int answerStart) {
    }

    static Encoded encode(TextTokenizer tokenizer, FactProbes.Probe probe, int bos) {
        int[] text = tokenizer.encode(probe.context());
        int[] context = bos >= 0 ? prepend(bos, text) : text;
        int[] question = tokenizer.encode(probe.question());
        int[] full = tokenizer.encode(probe.question() + " " + probe.answer());
        if (full.length <= question.length || !Arrays.equals(question, Arrays.copyOf(full, question.length))) {
            throw new IllegalStateException("the tokenizer does not encode the question '" + probe.question()
                    + "' as a prefix of the question with its answer '" + probe.answer() + "'");
        }
        return new Encoded(context, full, question.length);
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** Running totals over probes: exact answers, answer-token accuracy and NLL. */
    private static final class Score {
        private int probes;
        private int exact;
        private double accuracy;
        private double loss;

        void add(FloatTensor logits, Encoded probe, String label) {
            LogProbs.checkShape(logits, probe.continuation.length, label);
            int correct = 0;
            double nll = 0;
            int n = probe.continuation.length - probe.answerStart;
            for (int i = probe.answerStart; i < probe.continuation.length; i++) {
                double[] logp = LogProbs.logSoftmax(logits, i);
                int target = probe.continuation[i];
                correct += LogProbs.argmax(logp) == target ? 1 : 0;
                nll -= logp[target];
            }
            probes++;
            exact += correct == n ? 1 : 0;
            accuracy += correct / (double) n;
            loss += nll / n;
        }

        void merge(Score other) {
            probes += other.probes;
            exact += other.exact;
            accuracy += other.accuracy;
            loss += other.loss;
        }

        double exact() {
            return probes == 0 ? Double.NaN : exact / (double) probes;
        }

        double accuracy() {
            return probes == 0 ? Double.NaN : accuracy / probes;
        }

        double loss() {
            return probes == 0 ? Double.NaN : loss / probes;
        }
    }
}
