package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.FullAttentionStrategy;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny one-layer model on ONNX Runtime against plain-Java loops ({@link TinyAttentionModel#referenceLogits},
 * double precision): tolerance 1e-5 absolute on logits of magnitude ~1, i.e. float32 rounding.
 */
class OrtLanguageModelTest {

    static final double TOLERANCE = 1e-5;
    static final int[] TOKENS = {3, 1, 4, 1, 5, 9, 2, 6};

    private static final TinyAttentionModel DEF = new TinyAttentionModel(7);
    private static OrtLanguageModel full;
    private static OrtLanguageModel host;

    @BeforeAll
    static void load() {
        ModelRuntime runtime = new ModelRuntime();
        full = runtime.load(DEF, new FullAttentionStrategy(), ConfigSchema.EMPTY.defaults(), RuntimeOptions.cpu());
        host = runtime.load(DEF, new HostFullAttentionStrategy(), ConfigSchema.EMPTY.defaults(), RuntimeOptions.cpu());
    }

    @AfterAll
    static void close() {
        full.close();
        host.close();
    }

    static void assertClose(FloatTensor actual, double[][] expected, String what) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.length, expected[0].length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat((double) actual.get(i, j)).as(what + " [" + i + "," + j + "]")
                        .isCloseTo(expected[i][j], within(TOLERANCE));
            }
        }
    }

    static void assertClose(FloatTensor actual, FloatTensor expected, String what) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        for (int i = 0; i < expected.data().length; i++) {
            assertThat(actual.data()[i]).as(what + " element " + i).isCloseTo(expected.data()[i], within((float) TOLERANCE));
        }
    }

    @Test
    void prefillLogitsMatchPlainJavaLoop() {
        assertClose(full.logits(TOKENS), DEF.referenceLogits(DEF.rows(TOKENS)), "logits");
    }

    @Test
    void attentionProbabilitiesAndHiddenStatesAreReturnedWhenAsked() {
        ForwardResult r = full.forward(ForwardRequest.of(TOKENS).withAttention().withHiddenStates());
        double[][][] expected = DEF.referenceAttention(DEF.rows(TOKENS));
        assertThat(r.attention()).hasSize(1);
        FloatTensor p = r.attention().get(0);
        assertThat(p.shape()).containsExactly(TinyAttentionModel.HEADS, TOKENS.length, TOKENS.length);
        for (int h = 0; h < TinyAttentionModel.HEADS; h++) {
            for (int i = 0; i < TOKENS.length; i++) {
                for (int j = 0; j < TOKENS.length; j++) {
                    assertThat((double) p.get(h, i, j)).isCloseTo(expected[h][i][j], within(TOLERANCE));
                }
            }
        }
        assertThat(r.hiddenStates().shape()).containsExactly(TOKENS.length, TinyAttentionModel.DIM);
        assertClose(r.logits(), DEF.referenceLogits(DEF.rows(TOKENS)), "logits with extra outputs");
    }

    @Test
    void decodingTokenByTokenWithStateInOrtValuesEqualsOnePrefill() {
        FloatTensor prefill = full.logits(TOKENS);
        try (DecodeSession session = full.newSession()) {
            FloatTensor first = session.append(Arrays.copyOf(TOKENS, 3));
            assertClose(first, rows(prefill, 0, 3), "first chunk");
            for (int i = 3; i < TOKENS.length; i++) {
                FloatTensor step = session.append(new int[] {TOKENS[i]});
                assertClose(step, rows(prefill, i, i + 1), "decode step " + i);
            }
            assertThat(session.position()).isEqualTo(TOKENS.length);
        }
    }

    @Test
    void hostOpAttentionGivesTheGraphAttentionLogitsIncludingDecodeSteps() {
        assertThat(host.program(dev.attnlab.harness.model.GraphOptions.LOGITS_ONLY).hasHostOps()).isTrue();
        assertClose(host.logits(TOKENS), full.logits(TOKENS), "host-op prefill");
        try (DecodeSession graph = full.newSession(); DecodeSession java = host.newSession()) {
            assertClose(java.append(new int[] {2, 7}), graph.append(new int[] {2, 7}), "host-op first chunk");
            for (int token : new int[] {4, 0, 10, 3}) {
                assertClose(java.append(new int[] {token}), graph.append(new int[] {token}), "host-op step " + token);
            }
        }
    }

    @Test
    void softPromptOfTokenEmbeddingsEqualsTheTokens() {
        FloatTensor soft = DEF.embed(Arrays.copyOf(TOKENS, 3));
        FloatTensor viaSoft = full.forward(new ForwardRequest(Arrays.copyOfRange(TOKENS, 3, TOKENS.length), soft,
                false, false)).logits();
        assertClose(viaSoft, full.logits(TOKENS), "soft prompt + tokens");
    }

    @Test
    void greedyGenerationFollowsTheArgmaxOfFullForwardPasses() {
        int[] generated = full.generate(new int[] {3, 1}, GenerationOptions.greedy(5));
        int[] sequence = {3, 1};
        for (int token : generated) {
            FloatTensor logits = full.logits(sequence);
            assertThat(token).isEqualTo(TokenSampler.argmax(logits.row(sequence.length - 1)));
            sequence = Arrays.copyOf(sequence, sequence.length + 1);
            sequence[sequence.length - 1] = token;
        }
        assertThat(generated).hasSize(5);
    }

    @Test
    void seededSamplingRepeatsAndStopsAtTheStopToken() {
        GenerationOptions options = GenerationOptions.sampled(8, 1.5, 0.9, 42);
        int[] a = full.generate(new int[] {1}, options);
        int[] b = full.generate(new int[] {1}, options);
        assertThat(a).containsExactly(b).hasSize(8);
        int[] stopped = full.generate(new int[] {1}, options.withStopToken(a[2]));
        int firstStop = 0;
        while (a[firstStop] != a[2]) {
            firstStop++;
        }
        assertThat(stopped).containsExactly(Arrays.copyOf(a, firstStop + 1));
    }

    @Test
    void generationWithSoftPromptMatchesGenerationFromTheSameTokens() {
        int[] plain = full.generate(new int[] {5, 2, 8}, GenerationOptions.greedy(4));
        int[] soft = full.generate(new int[] {8},
                GenerationOptions.greedy(4).withSoftPrompt(DEF.embed(new int[] {5, 2})));
        assertThat(soft).containsExactly(plain);
    }

    @Test
    void rejectsInputsLongerThanThePositionLimit() {
        int[] tooLong = new int[TinyAttentionModel.MAX_CONTEXT + 1];
        assertThatThrownBy(() -> full.logits(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position limit").hasMessageContaining("maxContext " + TinyAttentionModel.MAX_CONTEXT);
        try (DecodeSession session = full.newSession()) {
            session.append(new int[TinyAttentionModel.MAX_CONTEXT]);
            assertThatThrownBy(() -> session.append(new int[] {1})).hasMessageContaining("position limit");
        }
    }

    private static FloatTensor rows(FloatTensor t, int from, int to) {
        int width = (int) t.dim(1);
        return FloatTensor.of(Arrays.copyOfRange(t.data(), from * width, to * width), to - from, width);
    }

}
