package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.GraphRuns;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.io.Llama2cLoader;
import dev.attnlab.harness.model.io.TestAssets;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * learned-mask's block selection ({@code query_block > 1}) lowered to ONNX and run on ONNX Runtime, where
 * the number of tokens is a graph dimension known only at run time: with every key in the budget it is
 * full attention (prefill lengths that are not a multiple of the block, then decode steps), and with a
 * small budget it computes what the eager reference lowering {@link ArrayOps} computes for the same
 * graph. Tolerance 1e-5 on the tiny model's logits and probabilities (float32 kernels summing in
 * another order); 1e-4 on stories260K's logits, the parity bound of OnnxRuntimeParityTest.
 */
class LearnedMaskBlocksOnRuntimeTest {

    private static final TinyAttentionModel DEF = new TinyAttentionModel(9);
    private static final int[] TOKENS = {1, 5, 2, 9, 4, 4, 7, 3, 0, 10, 6, 8, 2, 1, 3};

    private static AttentionStrategy learnedMask() {
        return ServiceLoader.load(AttentionStrategy.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.id().equals("learned-mask")).findFirst()
                .orElseThrow(() -> new AssertionError("learned-mask plugin not on the test path"));
    }

    private static Settings settings(AttentionStrategy strategy, long budget, long local, long queryBlock) {
        return strategy.configSchema().defaults().with("budget", budget).with("local", local)
                .with("query_block", queryBlock);
    }

    @Test
    void blocksWithEveryKeyInTheBudgetAreFullAttentionOnOnnxRuntime() {
        AttentionStrategy strategy = learnedMask();
        try (OrtLanguageModel full = new ModelRuntime().load(DEF, new FullAttentionStrategy(),
                ConfigSchema.EMPTY.defaults(), RuntimeOptions.cpu())) {
            FloatTensor reference = full.logits(TOKENS);
            for (long block : new long[] {4, 6, 64}) {
                Settings settings = settings(strategy, TOKENS.length, 1, block)
                        .with("block_score", block == 6 ? "max" : "mean");
                try (OrtLanguageModel blocks = new ModelRuntime().load(DEF, strategy, settings, RuntimeOptions.cpu());
                     DecodeSession session = blocks.newSession()) {
                    assertThat(blocks.logits(TOKENS).data()).as("prefill of 15 in blocks of %d", block)
                            .containsExactly(reference.data(), within(1e-5f));
                    // a prefill of 10 (blocks of 4: 4 + 4 + 2 padded), then 5 decode steps
                    float[] steps = Arrays.copyOf(session.append(Arrays.copyOf(TOKENS, 10)).data(), reference.data().length);
                    for (int t = 10; t < TOKENS.length; t++) {
                        System.arraycopy(session.append(new int[] {TOKENS[t]}).data(), 0, steps,
                                t * TinyAttentionModel.VOCAB, TinyAttentionModel.VOCAB);
                    }
                    assertThat(steps).as("prefill 10 + decode 5, blocks of %d", block)
                            .containsExactly(reference.data(), within(1e-5f));
                }
            }
        }
    }

    @Test
    void smallBudgetBlocksOnOnnxRuntimeMatchTheReferenceLowering() {
        AttentionStrategy strategy = learnedMask();
        checkAgainstReferenceLowering(strategy, settings(strategy, 3, 1, 4));
        checkAgainstReferenceLowering(strategy, settings(strategy, 3, 1, 4).with("block_score", "max"));
    }

    private static void checkAgainstReferenceLowering(AttentionStrategy strategy, Settings settings) {
        ArrayOps ops = GraphRuns.feedTokens(new ArrayOps(GraphRuns.weightMap(DEF.weights())), TOKENS, 0)
                .setWantsAttentionProbabilities(true);
        DEF.build(ops, List.of(strategy.create(DEF.attentionContext(0), settings)), new GraphOptions(false, true, false));
        try (OrtLanguageModel blocks = new ModelRuntime().load(DEF, strategy, settings, RuntimeOptions.cpu())) {
            ForwardResult ort = blocks.forward(ForwardRequest.of(TOKENS).withAttention());
            assertThat(ort.logits().data()).as("%s", settings).containsExactly(ops.outputFloat("logits").data(),
                    within(1e-5f));
            float[] probabilities = ops.outputFloat("attention.0").data();
            assertThat(ort.attention().get(0).data()).containsExactly(probabilities, within(1e-5f));
            long zeros = 0;
            for (float p : probabilities) {
                zeros += p == 0f ? 1 : 0;
            }
            // causality alone zeroes 105 of the 225 pairs per head; the budget of 3 must zero more
            assertThat(zeros).as("keys left out").isGreaterThan(2 * (15 * 14 / 2));
        }
    }

    @Test
    void stories260KBlocksWithEveryKeyInTheBudgetMatchFullAttention() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        int[] tokens = new int[100];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = random.nextInt(512);
        }
        AttentionStrategy strategy = learnedMask();
        try (LanguageModel full = new ModelRuntime().load(model, new FullAttentionStrategy(),
                ConfigSchema.EMPTY.defaults(), RuntimeOptions.cpu());
             LanguageModel blocks = new ModelRuntime().load(model, strategy,
                     settings(strategy, tokens.length, 4, 64), RuntimeOptions.cpu())) {
            assertThat(blocks.logits(tokens).data()).containsExactly(full.logits(tokens).data(), within(1e-4f));
        }
    }
}
