package dev.attnlab.harness.train.infini;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.io.Llama2cLoader;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The Infini-attention gate measurement as a command: for stories260K and a random-init model of its shape,
 * on token sequences each model samples itself from BOS (seeded), at every segment length and update rule
 * asked for, with windows of {@code 4 x segment} tokens, it prints KL(P_full || P_infini) and perplexity for
 * the gate at beta_init, calibrated ({@link GateCalibration}) and trained by distillation
 * ({@link SegmentedDistillation}, starting from the calibrated gates), as a Markdown table. Long work: not a
 * test.
 *
 * <p>Run (after {@code mvn -o -q -pl framework-api,plugin-infini,harness package -DskipTests}), class path:
 * {@code java -cp "plugin-infini/target/classes:harness/target/classes:harness/target/lib/*:harness/target/classpath/*"
 * dev.attnlab.harness.train.infini.InfiniMeasurement shared=../shared out=/tmp/infini}.
 */
public final class InfiniMeasurement {

    private InfiniMeasurement() {
    }

    /**
     * Options (defaults in brackets): {@code shared} [../shared], {@code models} [stories260K,random],
     * {@code segments} [32,64], {@code updates} [linear,delta], {@code eval_windows} [16],
     * {@code calibration_windows} [8], {@code train_sequences} [32], {@code steps} [20], {@code batch} [2],
     * {@code lr} [0.1], {@code seed} [1], {@code out} [none: gates are not written].
     */
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("shared", "../shared");
        a.put("models", "stories260K,random");
        a.put("segments", "32,64");
        a.put("updates", "linear,delta");
        a.put("eval_windows", "16");
        a.put("calibration_windows", "8");
        a.put("train_sequences", "32");
        a.put("steps", "20");
        a.put("batch", "2");
        a.put("lr", "0.1");
        a.put("seed", "1");
        a.put("out", "");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !a.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected key=value with key in "
                        + a.keySet());
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int[] segments = Arrays.stream(a.get("segments").split(",")).mapToInt(Integer::parseInt).toArray();
        int longest = 4 * Arrays.stream(segments).max().orElseThrow();
        long seed = Long.parseLong(a.get("seed"));
        AttentionStrategy infini = ServiceLoader.load(AttentionStrategy.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.id().equals("infini")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the infini plugin is not on the class or module path"));
        Progress progress = (task, done, total) -> {
            if (done == total) {
                System.err.println(task + " " + done + "/" + total);
            }
        };
        System.out.println("| model | segment | window | update | gate | KL (nats/token) | ppl infini | ppl full |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String name : a.get("models").split(",")) {
            ModelDefinition model = model(name, Path.of(a.get("shared")), seed);
            int evalCount = Integer.parseInt(a.get("eval_windows"));
            int calibrationCount = Integer.parseInt(a.get("calibration_windows"));
            int trainCount = Integer.parseInt(a.get("train_sequences"));
            long started = System.nanoTime();
            // one batch for all three sets (sequence i draws from seed + i): disjoint, and one decode loop
            long[] all = SelfSampler.sample(model, 1, evalCount + calibrationCount + trainCount, longest, seed * 1000);
            long[] eval = Arrays.copyOfRange(all, 0, evalCount * longest);
            long[] calibration = Arrays.copyOfRange(all, evalCount * longest, (evalCount + calibrationCount) * longest);
            long[] train = Arrays.copyOfRange(all, (evalCount + calibrationCount) * longest, all.length);
            System.err.printf(Locale.ROOT, "%s: sampled %d sequences of %d tokens in %.1f s%n", name,
                    evalCount + calibrationCount + trainCount, longest, (System.nanoTime() - started) / 1e9);
            for (int segment : segments) {
                int window = 4 * segment;
                long[] evalWindows = prefixes(eval, longest, window);
                long[] calibrationWindows = prefixes(calibration, longest, window);
                int[] corpus = Arrays.stream(prefixes(train, longest, window)).mapToInt(x -> (int) x).toArray();
                for (String update : a.get("updates").split(",")) {
                    Settings settings = infini.configSchema().validate(Map.of("segment", (long) segment,
                            "update", update), "methods[0]");
                    String row = "| " + name + " | " + segment + " | " + window + " | " + update + " | ";
                    var layers = StrategyLayers.of(model, infini, settings);
                    WindowScores initial = SegmentedEvaluation.score(model, layers, model.weights(), evalWindows,
                            window, 8);
                    print(row + "beta_init " + settings.getDouble("beta_init"), initial);

                    Map<String, FloatTensor> calibrated = new GateCalibration(progress)
                            .calibrate(model, infini, settings, calibrationWindows, window, 8);
                    print(row + "calibrated", SegmentedEvaluation.score(model, layers,
                            SegmentedDistillation.overlay(model.weights(), calibrated), evalWindows, window, 8));

                    Path start = gateFile(a.get("out"), name, segment, update);
                    GateCalibration.save(start, calibrated, "InfiniMeasurement " + String.join(" ", args));
                    TrainConfig config = new TrainConfig(Integer.parseInt(a.get("steps")), window,
                            Integer.parseInt(a.get("batch")), Double.parseDouble(a.get("lr")), 0.0, 0.0, seed,
                            start.resolveSibling(start.getFileName().toString().replace("calibrated", "trained")),
                            Integer.parseInt(a.get("steps")));
                    copy(start, config.checkpoint());
                    TrainResult trained = new SegmentedDistillation(progress, false)
                            .distill(model, infini, settings, corpus, config);
                    print(row + "trained (" + config.steps() + " steps from calibrated)", SegmentedEvaluation.score(
                            model, layers, SegmentedDistillation.overlay(model.weights(), trained.parameters()),
                            evalWindows, window, 8));
                    System.err.println(row + " gates: calibrated " + summary(calibrated) + "; trained "
                            + summary(trained.parameters()) + "; train KL " + trained.losses().get(0) + " -> "
                            + trained.losses().get(trained.losses().size() - 1));
                }
            }
        }
    }

    private static ModelDefinition model(String name, Path shared, long seed) {
        LlamaModel stories = Llama2cLoader.load(shared.resolve("assets/models/stories260K/stories260K.bin"));
        return switch (name) {
            case "stories260K" -> stories;
            case "random" -> LlamaModel.randomInit(stories.config(), seed);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; expected stories260K or random");
        };
    }

    /** The first {@code window} tokens of each sequence of {@code length}. */
    private static long[] prefixes(long[] sequences, int length, int window) {
        int count = sequences.length / length;
        long[] out = new long[count * window];
        for (int i = 0; i < count; i++) {
            System.arraycopy(sequences, i * length, out, i * window, window);
        }
        return out;
    }

    private static Path gateFile(String out, String model, int segment, String update) {
        try {
            Path dir = out.isEmpty() ? Files.createTempDirectory("infini-gates") : Files.createDirectories(Path.of(out));
            return dir.resolve(model + "-s" + segment + "-" + update + "-calibrated.safetensors");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the gate output directory " + out, e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void print(String row, WindowScores s) {
        System.out.printf(Locale.ROOT, "%s | %.4f | %.3f | %.3f |%n", row, s.klNats(), s.methodPerplexity(),
                s.fullPerplexity());
        System.out.flush();
    }

    /** Mean and range of the memory weights sigmoid(beta) over all heads. */
    private static String summary(Map<String, FloatTensor> gates) {
        List<Double> w = gates.values().stream().flatMap(g -> {
            Double[] out = new Double[g.data().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = 1 / (1 + Math.exp(-g.data()[i]));
            }
            return Arrays.stream(out);
        }).toList();
        return String.format(Locale.ROOT, "w mean %.4f min %.4f max %.4f", w.stream().mapToDouble(x -> x).average()
                .orElse(Double.NaN), w.stream().mapToDouble(x -> x).min().orElse(Double.NaN),
                w.stream().mapToDouble(x -> x).max().orElse(Double.NaN));
    }
}
