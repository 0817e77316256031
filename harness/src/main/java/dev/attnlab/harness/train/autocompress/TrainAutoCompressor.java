package dev.attnlab.harness.train.autocompress;

import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.ModelIdentity;
import dev.attnlab.harness.model.io.Checkpoints;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.model.io.SafetensorsWriter;
import dev.attnlab.harness.train.DistillationTrainer;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains AutoCompressor summary tokens from the command line and reports what they buy: for each kappa,
 * the loss on the segments after the first given the summaries, given no context and given the full
 * context, as a Markdown table. Arguments are {@code key=value} (see {@link #main}).
 *
 * <p>With {@code checkpoint=<spec>} (a llama2.c {@code .bin}, a Hugging Face directory, or
 * {@code embedded:default}) and {@code corpus_ids=<file>} (whitespace-separated token ids; the last
 * tenth is held out for the evaluation) it trains for that model. Without them it runs the built-in
 * measurement: a small Llama pre-trained on the topic corpus ({@link TopicCorpus}). With
 * {@code out=DIR} each kappa's embeddings are written to {@code DIR/summary-k<kappa>.safetensors}, the
 * file the plugin's {@code embeddings} option takes.
 */
public final class TrainAutoCompressor {

    private static final Map<String, String> DEFAULTS = defaults();

    private TrainAutoCompressor() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kappas", "5,20,50");
        d.put("segments", "64,64");
        d.put("steps", "200");
        d.put("batch", "8");
        d.put("lr", "0.02");
        d.put("seed", "1");
        d.put("eval_windows", "128");
        d.put("accumulate", "true");
        d.put("stop_gradient", "true");
        d.put("kl", "0");
        d.put("out", "");
        d.put("checkpoint", "");
        d.put("corpus_ids", "");
        // the built-in measurement only:
        d.put("pretrain_steps", "2000");
        d.put("pretrain_lr", "0.01");
        d.put("dim", "32");
        d.put("layers", "2");
        d.put("vocab", "48");
        d.put("topic", "6");
        d.put("task", "topic");
        d.put("facts", "3");
        d.put("keys", "12");
        d.put("values", "16");
        d.put("tune_base_lr", "0");
        d.put("pretrained", "");
        return d;
    }

    /** Arguments {@code key=value}; keys and defaults as in {@link #defaults()}. */
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !a.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected key=value with key in "
                        + a.keySet());
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int[] segments = ints(a.get("segments"));
        int window = Arrays.stream(segments).sum();
        long seed = Long.parseLong(a.get("seed"));
        int batch = Integer.parseInt(a.get("batch"));
        Progress progress = (task, done, total) -> {
            if (done == total || done % 50 == 0) {
                System.err.println(task + " " + done + "/" + total);
            }
        };

        if (a.get("task").equals("facts") && a.get("checkpoint").isEmpty()) {
            factRecall(a, segments, seed, batch, progress);
            return;
        }
        ModelDefinition base;
        int[] corpus;
        int[] heldOut;
        if (!a.get("checkpoint").isEmpty()) {
            base = Checkpoints.load(a.get("checkpoint"), Path.of(""));
            int[] ids = readIds(Path.of(a.get("corpus_ids")));
            int split = ids.length - Math.max(window, ids.length / 10);
            corpus = Arrays.copyOf(ids, split);
            heldOut = Arrays.copyOfRange(ids, split, ids.length);
        } else {
            LlamaConfig config = smallLlama(a);
            int topic = Integer.parseInt(a.get("topic"));
            corpus = TopicCorpus.tokens(200_000, 4 * window, config.vocabSize(), topic, seed);
            heldOut = TopicCorpus.tokens(20_000, 4 * window, config.vocabSize(), topic, seed + 1);
            base = pretrained(config, corpus, window, batch, Integer.parseInt(a.get("pretrain_steps")),
                    Double.parseDouble(a.get("pretrain_lr")), seed, progress);
        }

        System.out.println("| kappa | summary loss (untrained) | other window's summary | no-context loss | "
                + "full-context loss | gap closed | ppl summary / none / full |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int kappa : ints(a.get("kappas"))) {
            AutoCompressorOptions options = options(a, kappa, segments);
            TrainConfig train = trainConfig(a, "summary-k" + kappa, window, batch, seed);
            AutoCompressorTrainer trainer = new AutoCompressorTrainer(progress);
            TrainResult result = trainer.train(base, corpus, train, options);
            FloatTensor embeddings = result.parameters().get(AutoCompressorOptions.TENSOR);
            int evalWindows = Integer.parseInt(a.get("eval_windows"));
            SegmentLosses before = trainer.evaluate(base, AutoCompressorTrainer.initialEmbeddings(base, kappa,
                    0.02, seed), heldOut, window, evalWindows, seed, options);
            SegmentLosses after = trainer.evaluate(base, embeddings, heldOut, window, evalWindows, seed, options);
            System.out.printf("| %d | %.4f (%.4f) | %.4f | %.4f | %.4f | %.0f%% | %.2f / %.2f / %.2f |%n", kappa,
                    after.summary(), before.summary(), after.otherWindow(), after.noContext(), after.fullContext(),
                    100 * after.gapClosed(), after.summaryPerplexity(), after.noContextPerplexity(),
                    after.fullContextPerplexity());
        }
    }

    /** The summary-token options the arguments give for {@code kappa} (base model frozen). */
    private static AutoCompressorOptions options(Map<String, String> a, int kappa, int[] segments) {
        return new AutoCompressorOptions(kappa, segments, 0, 0, Boolean.parseBoolean(a.get("accumulate")),
                Boolean.parseBoolean(a.get("stop_gradient")), Double.parseDouble(a.get("kl")), 0.02);
    }

    /** The optimizer schedule of the arguments; the checkpoint is {@code out/<name>.safetensors} when out is set. */
    private static TrainConfig trainConfig(Map<String, String> a, String name, int window, int batch, long seed) {
        Path out = a.get("out").isEmpty() ? null : Path.of(a.get("out")).resolve(name + ".safetensors");
        return new TrainConfig(Integer.parseInt(a.get("steps")), window, batch, Double.parseDouble(a.get("lr")), 0.0,
                0.0, seed, out, 50);
    }

    private static LlamaConfig smallLlama(Map<String, String> a) {
        int dim = Integer.parseInt(a.get("dim"));
        return LlamaConfig.llama2c(dim, dim * 8 / 3, Integer.parseInt(a.get("layers")), 4, 2,
                Integer.parseInt(a.get("vocab")), 256, true);
    }

    /**
     * The token-level fact-recall measurement ({@link FactCorpus}): a small Llama pre-trained with full
     * attention on documents that state facts in segment 1 and recall them in segment 2, then summary tokens
     * trained per kappa; prints the accuracy and loss on the recalled values under each context.
     */
    private static void factRecall(Map<String, String> a, int[] segments, long seed, int batch, Progress progress) {
        if (segments.length != 2) {
            throw new IllegalArgumentException("task=facts needs segments=FIRST,SECOND, got "
                    + Arrays.toString(segments));
        }
        LlamaConfig config = smallLlama(a);
        FactCorpus facts = new FactCorpus(config.vocabSize(), Integer.parseInt(a.get("keys")),
                Integer.parseInt(a.get("values")), Integer.parseInt(a.get("facts")));
        int length = segments[0] + segments[1];
        int[] corpus = facts.documents(200_000 / length, segments[0], segments[1], seed).tokens();
        FactCorpus.Documents heldOut = facts.documents(Integer.parseInt(a.get("eval_windows")), segments[0],
                segments[1], seed + 1);
        // two documents per pre-training window, so that most windows hold a whole document wherever they start
        LlamaModel base = cachedPretraining(a, config, () -> pretrained(config, corpus, 2 * length, batch,
                Integer.parseInt(a.get("pretrain_steps")), Double.parseDouble(a.get("pretrain_lr")), seed, progress));
        System.out.printf("Recalled values in segment 2 (%d answers; chance accuracy 1/%d = %.3f, loss ln %d = %.3f)%n",
                heldOut.count() * Integer.parseInt(a.get("facts")), facts.values(), 1.0 / facts.values(),
                facts.values(), Math.log(facts.values()));
        System.out.println("| kappa | summary acc (untrained) | other document's summary | no context | full context "
                + "| loss summary / none / full |");
        System.out.println("|---|---|---|---|---|---|");
        for (int kappa : ints(a.get("kappas"))) {
            AutoCompressorOptions options = options(a, kappa, segments)
                    .withBaseLearningRate(Double.parseDouble(a.get("tune_base_lr")));
            TrainConfig train = trainConfig(a, "facts-summary-k" + kappa, length, batch, seed);
            TrainResult result = new AutoCompressorTrainer(progress, length).train(base, corpus, train, options);
            FloatTensor trained = result.parameters().get(AutoCompressorOptions.TENSOR);
            ModelDefinition reader = AutoCompressorTrainer.trainedModel(base, result);
            var layers = AutoCompressorTrainer.fullAttention(base);
            FactRecall.Scores before = FactRecall.measure(base, layers,
                    AutoCompressorTrainer.initialEmbeddings(base, kappa, 0.02, seed), heldOut, segments[0], options,
                    32);
            // summaries read by the model they were trained with (tuned or not); no/full context by the original
            FactRecall.Scores after = FactRecall.measure(reader, layers, trained, heldOut, segments[0], options, 32);
            System.out.printf("| %d | %.3f (%.3f) | %.3f | %.3f | %.3f | %.3f / %.3f / %.3f |%n", kappa,
                    after.summary().accuracy(), before.summary().accuracy(), after.otherDocument().accuracy(),
                    before.noContext().accuracy(), before.fullContext().accuracy(), after.summary().loss(),
                    before.noContext().loss(), before.fullContext().loss());
            if (options.tunesBase()) {
                System.out.printf("|   | tuned model alone: no context %.3f, full context %.3f |  |  |  |  |%n",
                        after.noContext().accuracy(), after.fullContext().accuracy());
            }
        }
    }

    /**
     * With {@code pretrained=FILE}: the weights in FILE when it exists (written by an earlier run with the same
     * arguments; the run's arguments are kept in its metadata and must match), else the pre-training's result
     * written there. Without it: the pre-training.
     */
    private static LlamaModel cachedPretraining(Map<String, String> a, LlamaConfig config,
                                                java.util.function.Supplier<LlamaModel> pretrain) {
        if (a.get("pretrained").isEmpty()) {
            return pretrain.get();
        }
        Path file = Path.of(a.get("pretrained"));
        String recipe = a.entrySet().stream().filter(e -> e.getKey().startsWith("pretrain_") || List.of("dim",
                "layers", "vocab", "segments", "facts", "keys", "values", "seed", "batch").contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(java.util.stream.Collectors.joining(" "));
        if (Files.exists(file)) {
            SafetensorsFile stored = SafetensorsFile.open(file);
            if (!recipe.equals(stored.metadata().get("attnlab.recipe"))) {
                throw new IllegalArgumentException(file + " was pre-trained with '" + stored.metadata()
                        .get("attnlab.recipe") + "', not '" + recipe + "'; delete it or name another file");
            }
            return new LlamaModel(config, new MapWeightStore(stored.readAll(), file.toString()),
                    new ModelIdentity("fact-llama", 1, -1));
        }
        LlamaModel model = pretrain.get();
        Map<String, FloatTensor> weights = new LinkedHashMap<>();
        model.weights().names().forEach(n -> weights.put(n, model.weights().get(n).orElseThrow()));
        SafetensorsWriter.write(file, weights, Map.of("attnlab.recipe", recipe)); // atomic
        return model;
    }

    /** A small Llama pre-trained on the corpus with full attention (all weights trained). */
    static LlamaModel pretrained(LlamaConfig config, int[] corpus, int window, int batch, int steps, double lr,
                                 long seed, Progress progress) {
        LlamaModel init = LlamaModel.randomInit(config, seed);
        TrainResult result = new DistillationTrainer(progress).pretrain(init, corpus,
                new TrainConfig(steps, window, batch, lr, 0.0, 0.0, seed, null, 1000));
        return new LlamaModel(config, MapWeightStore.overlay(init.weights(), result.parameters(),
                "pre-training, seed " + seed), new ModelIdentity("pretrained-llama-" + seed, 1, -1));
    }

    private static int[] readIds(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? new int[0]
                    : Arrays.stream(text.split("\\s+")).mapToInt(Integer::parseInt).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus_ids file " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " must hold whitespace-separated token ids: " + e.getMessage(), e);
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }
}
