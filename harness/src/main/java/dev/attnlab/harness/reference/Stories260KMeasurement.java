package dev.attnlab.harness.reference;

import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.io.Llama2cLoader;
import dev.attnlab.harness.runtime.ModelRuntime;
import dev.attnlab.harness.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures stories260K on ONNX Runtime against {@link LlamaReference}, for docs/models.md: perplexity
 * on 2,000 tokens the model samples itself (4 samples of 500 tokens after BOS, temperature 1, seeds
 * 0-3), the largest logit difference from the reference on those samples, and prefill throughput at
 * 512 tokens with the reference's as the baseline of the same run.
 *
 * <p>Usage: {@code Stories260KMeasurement [path/to/stories260K.bin] [device]} (device cpu, cuda or auto).
 */
public final class Stories260KMeasurement {

    private static final int SAMPLES = 4;
    private static final int SAMPLE_TOKENS = 500;
    private static final int PREFILL = 512;

    private Stories260KMeasurement() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/assets/models/stories260K/stories260K.bin");
        String device = args.length > 1 ? args[1] : "cpu";
        LlamaModel model = Llama2cLoader.load(file);
        LlamaReference reference = new LlamaReference(model.config(), model.weights());
        int vocab = model.config().vocabSize();
        try (LanguageModel ort = new ModelRuntime().load(model, new FullAttentionStrategy(),
                ConfigSchema.EMPTY.defaults(), new RuntimeOptions(device, 0, null))) {
            double nll = 0;
            double referenceNll = 0;
            float maxDiff = 0;
            int[] longest = null;
            for (int seed = 0; seed < SAMPLES; seed++) {
                int[] generated = ort.generate(new int[] {1},
                        GenerationOptions.sampled(SAMPLE_TOKENS, 1.0, 1.0, seed));
                int[] sequence = new int[generated.length + 1];
                sequence[0] = 1;
                System.arraycopy(generated, 0, sequence, 1, generated.length);
                FloatTensor logits = ort.logits(sequence);
                FloatTensor expected = reference.logits(sequence);
                for (int i = 0; i < logits.data().length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(logits.data()[i] - expected.data()[i]));
                }
                for (int t = 0; t + 1 < sequence.length; t++) {
                    nll -= logProbability(logits, t, sequence[t + 1], vocab);
                    referenceNll -= logProbability(expected, t, sequence[t + 1], vocab);
                }
                longest = sequence;
            }
            int n = SAMPLES * SAMPLE_TOKENS;
            System.out.printf(Locale.ROOT, "self-sampled tokens: %d (%d x %d, temperature 1, seeds 0-%d)%n", n,
                    SAMPLES, SAMPLE_TOKENS, SAMPLES - 1);
            System.out.printf(Locale.ROOT, "mean NLL: %.4f nats/token, perplexity %.3f (reference: %.4f)%n",
                    nll / n, Math.exp(nll / n), referenceNll / n);
            System.out.printf(Locale.ROOT, "max |logit ORT - reference| on the samples: %.2e%n", maxDiff);

            int[] prompt = new int[PREFILL];
            for (int i = 0; i < PREFILL; i++) {
                prompt[i] = longest[i % longest.length];
            }
            for (int i = 0; i < 3; i++) {
                ort.logits(prompt);
            }
            int runs = 20;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                ort.logits(prompt);
            }
            double ortSeconds = (System.nanoTime() - start) / 1e9 / runs;
            reference.logits(prompt);
            int referenceRuns = 3;
            start = System.nanoTime();
            for (int i = 0; i < referenceRuns; i++) {
                reference.logits(prompt);
            }
            double referenceSeconds = (System.nanoTime() - start) / 1e9 / referenceRuns;
            System.out.printf(Locale.ROOT, "prefill %d tokens on ONNX Runtime (%s): %.1f ms, %.0f tokens/s%n", PREFILL,
                    device, ortSeconds * 1e3, PREFILL / ortSeconds);
            System.out.printf(Locale.ROOT, "prefill %d tokens, plain-Java reference: %.1f ms, %.0f tokens/s "
                    + "(ONNX Runtime is %.1fx faster)%n", PREFILL, referenceSeconds * 1e3, PREFILL / referenceSeconds,
                    referenceSeconds / ortSeconds);
            System.out.printf(Locale.ROOT, "machine: %d processors, %s %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.arch"), System.getProperty("java.vm.name") + " " + Runtime.version());
        }
    }

    private static double logProbability(FloatTensor logits, int row, int token, int vocab) {
        float[] data = logits.data();
        int base = row * vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, data[base + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(data[base + v] - max);
        }
        return data[base + token] - max - Math.log(sum);
    }
}
