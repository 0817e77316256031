package dev.attnlab.harness.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.io.Llama2cLoader;
import dev.attnlab.harness.model.io.TestAssets;
import dev.attnlab.harness.reference.Gpt2Reference;
import dev.attnlab.harness.reference.LlamaReference;
import dev.attnlab.harness.runtime.ModelRuntime;
import dev.attnlab.harness.runtime.RuntimeOptions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The model families lowered to ONNX and run on ONNX Runtime (CPU) against the independent float-loop
 * references: max abs error on logits at most 1e-4 (the parity bound).
 */
class OnnxRuntimeParityTest {

    private static final float TOLERANCE = 1e-4f;

    @Test
    void stories260KOnOnnxRuntimeMatchesTheReferenceWithin1e4() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        int[] tokens = randomTokens(96, 512, 1);
        tokens[0] = 1;
        FloatTensor reference = new LlamaReference(model.config(), model.weights()).logits(tokens);
        try (LanguageModel ort = load(model)) {
            assertThat(GraphRuns.maxAbsDiff(ort.logits(tokens), reference)).isLessThanOrEqualTo(TOLERANCE);
            assertThat(GraphRuns.maxAbsDiff(ort.logits(new int[] {1}), new LlamaReference(model.config(),
                    model.weights()).logits(new int[] {1}))).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void stories260KDecodingOnOnnxRuntimeMatchesTheReferenceStepByStep() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        int[] tokens = randomTokens(24, 512, 2);
        FloatTensor reference = new LlamaReference(model.config(), model.weights()).logits(tokens);
        try (LanguageModel ort = load(model); DecodeSession session = ort.newSession()) {
            FloatTensor prefix = session.append(Arrays.copyOf(tokens, 16));
            float[] all = Arrays.copyOf(prefix.data(), tokens.length * 512);
            for (int t = 16; t < tokens.length; t++) {
                System.arraycopy(session.append(new int[] {tokens[t]}).data(), 0, all, t * 512, 512);
            }
            assertThat(session.position()).isEqualTo(tokens.length);
            assertThat(GraphRuns.maxAbsDiff(new FloatTensor(reference.shape(), all), reference))
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void randomGpt2OnOnnxRuntimeMatchesTheReferenceWithin1e4() {
        Gpt2Config config = new Gpt2Config(48, 192, 2, 4, 100, 64, 1e-5f);
        Gpt2Model model = Gpt2Model.randomInit(config, 31);
        int[] tokens = randomTokens(40, 100, 3);
        try (LanguageModel ort = load(model)) {
            assertThat(GraphRuns.maxAbsDiff(ort.logits(tokens), new Gpt2Reference(config, model.weights()).logits(tokens)))
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void randomQwen2StyleModelOnOnnxRuntimeMatchesTheReferenceWithin1e4() {
        LlamaConfig config = new LlamaConfig(48, 96, 2, 6, 2, 80, 64, 1e-6f, 10000f, RopeLayout.HALF, false, true);
        LlamaModel model = LlamaModel.randomInit(config, 32);
        int[] tokens = randomTokens(33, 80, 4);
        try (LanguageModel ort = load(model)) {
            assertThat(GraphRuns.maxAbsDiff(ort.logits(tokens), new LlamaReference(config, model.weights()).logits(tokens)))
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    private static LanguageModel load(ModelDefinition model) {
        return new ModelRuntime().load(model, new FullAttentionStrategy(), ConfigSchema.EMPTY.defaults(),
                RuntimeOptions.cpu());
    }

    private static int[] randomTokens(int n, int vocab, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = random.nextInt(vocab);
        }
        return tokens;
    }
}
