package dev.attnlab.harness.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.harness.reference.Gpt2Reference;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The GPT-2 graph on ArrayOps against the independent float-loop {@link Gpt2Reference}; 1e-4 max abs error. */
class Gpt2ModelTest {

    private static final Gpt2Config CONFIG = new Gpt2Config(32, 128, 2, 4, 60, 40, 1e-5f);

    @Test
    void randomGpt2GraphLogitsMatchTheReferenceWithin1e4() {
        Gpt2Model model = Gpt2Model.randomInit(CONFIG, 9);
        int[] tokens = {0, 59, 13, 13, 42, 7, 30, 1, 55, 21, 8, 3, 44, 19};
        FloatTensor reference = new Gpt2Reference(CONFIG, model.weights()).logits(tokens);
        assertThat(GraphRuns.maxAbsDiff(GraphRuns.prefill(model, tokens), reference)).isLessThanOrEqualTo(1e-4f);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : reference.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(max - min).as("logits vary, so the comparison has power").isGreaterThan(1f);
    }

    @Test
    void decodingThroughTheKvCacheStateEqualsPrefill() {
        Gpt2Model model = Gpt2Model.randomInit(CONFIG, 10);
        int[] tokens = {5, 6, 7, 50, 2, 33, 9};
        FloatTensor full = GraphRuns.prefill(model, tokens);
        ArrayOps run = GraphRuns.feedTokens(new ArrayOps(GraphRuns.weightMap(model.weights())), Arrays.copyOf(tokens, 3), 0);
        model.build(run, GraphRuns.fullAttention(model), GraphOptions.LOGITS_ONLY);
        for (int t = 3; t < tokens.length; t++) {
            run = GraphRuns.feedTokens(run.next(), new int[] {tokens[t]}, t);
            model.build(run, GraphRuns.fullAttention(model), GraphOptions.LOGITS_ONLY);
            float[] step = run.outputFloat("logits").data();
            float[] expected = full.row(t);
            for (int v = 0; v < expected.length; v++) {
                assertThat(step[v]).as("token %d, logit %d", t, v).isCloseTo(expected[v], Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void infoDescribesTheModelAndHashesItsWeights() {
        Gpt2Model model = Gpt2Model.randomInit(CONFIG, 9);
        assertThat(model.info().architecture()).isEqualTo("gpt2");
        assertThat(model.info().maxContext()).isEqualTo(40);
        assertThat(model.info().kvHeads()).isEqualTo(4);
        assertThat(model.info().contentHash()).isEqualTo(Gpt2Model.randomInit(CONFIG, 9).info().contentHash())
                .isNotEqualTo(Gpt2Model.randomInit(CONFIG, 8).info().contentHash());
    }
}
