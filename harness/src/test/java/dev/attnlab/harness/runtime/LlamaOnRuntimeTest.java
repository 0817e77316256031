package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small random-init Llama (2 layers, grouped-query attention 4:2, shared classifier) through the runtime:
 * prefill against the eager reference lowering {@link ArrayOps} (1e-4, float32 kernels in a different order),
 * decoding against prefill and the host-op strategy against graph attention (1e-5).
 */
class LlamaOnRuntimeTest {

    private static final LlamaModel LLAMA = LlamaModel.randomInit(LlamaConfig.llama2c(32, 64, 2, 4, 2, 50, 24, true), 3);
    private static final Settings NONE = ConfigSchema.EMPTY.defaults();
    private static final int[] TOKENS = {1, 17, 4, 33, 9, 2, 48, 21, 5, 30};
    private static OrtLanguageModel full;
    private static OrtLanguageModel host;

    @BeforeAll
    static void load() {
        full = new ModelRuntime().load(LLAMA, new FullAttentionStrategy(), NONE, RuntimeOptions.cpu());
        host = new ModelRuntime().load(LLAMA, new HostFullAttentionStrategy(), NONE, RuntimeOptions.cpu());
    }

    @AfterAll
    static void close() {
        full.close();
        host.close();
    }

    @Test
    void prefillMatchesTheEagerReferenceLowering() {
        Map<String, FloatTensor> weights = new java.util.HashMap<>();
        for (String name : LLAMA.weights().names()) {
            weights.put(name, LLAMA.weights().get(name).orElseThrow());
        }
        long[] ids = Arrays.stream(TOKENS).asLongStream().toArray();
        long[] positions = new long[TOKENS.length];
        Arrays.setAll(positions, i -> i);
        ArrayOps eager = new ArrayOps(weights).feed("input_ids", ids, 1, TOKENS.length)
                .feed("positions", positions, TOKENS.length);
        List<LayerAttention> layers = new ArrayList<>();
        for (int i = 0; i < LLAMA.info().layers(); i++) {
            layers.add(new FullAttentionStrategy().create(LLAMA.attentionContext(i), NONE));
        }
        LLAMA.build(eager, layers, GraphOptions.LOGITS_ONLY);
        FloatTensor expected = OrtLanguageModel.dropBatch(eager.outputFloat("logits"));
        FloatTensor actual = full.logits(TOKENS);
        assertThat(actual.shape()).containsExactly(expected.shape());
        for (int i = 0; i < expected.data().length; i++) {
            assertThat(actual.data()[i]).isCloseTo(expected.data()[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void decodeAfterPrefillEqualsOnePrefill() {
        FloatTensor prefill = full.logits(TOKENS);
        try (DecodeSession session = full.newSession()) {
            List<FloatTensor> parts = new ArrayList<>();
            parts.add(session.append(Arrays.copyOf(TOKENS, 4)));
            for (int i = 4; i < TOKENS.length; i++) {
                parts.add(session.append(new int[] {TOKENS[i]}));
            }
            OrtLanguageModelTest.assertClose(concat(parts), prefill, "llama decode");
        }
    }

    @Test
    void hostOpAttentionMatchesGraphAttentionWithGroupedQueryHeads() {
        OrtLanguageModelTest.assertClose(host.logits(TOKENS), full.logits(TOKENS), "llama host-op prefill");
        try (DecodeSession a = host.newSession(); DecodeSession b = full.newSession()) {
            OrtLanguageModelTest.assertClose(a.append(new int[] {1, 2, 3}), b.append(new int[] {1, 2, 3}), "chunk");
            for (int t : new int[] {7, 11, 13}) {
                OrtLanguageModelTest.assertClose(a.append(new int[] {t}), b.append(new int[] {t}), "step " + t);
            }
        }
        assertThat(host.program(GraphOptions.LOGITS_ONLY).steps()).hasSize(5); // 3 segments around 2 host ops
    }

    private static FloatTensor concat(List<FloatTensor> parts) {
        int rows = parts.stream().mapToInt(p -> (int) p.dim(0)).sum();
        int width = (int) parts.get(0).dim(1);
        float[] data = new float[rows * width];
        int at = 0;
        for (FloatTensor p : parts) {
            System.arraycopy(p.data(), 0, data, at, p.data().length);
            at += p.data().length;
        }
        return FloatTensor.of(data, rows, width);
    }
}
