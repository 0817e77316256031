package dev.attnlab.learnedmask;

import dev.attnlab.api.testkit.AttentionRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.testkit.ArrayOps;
import dev.attnlab.api.testkit.ArrayTensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * sliding-window and window on {@link ArrayOps}. References: full causal attention (AttentionMath over a
 * complete KvCache) and a one-run prefill; tolerance 1e-6 covers float32 rounding in a different order.
 */
class WindowStrategyTest {

    private static final int N = 10;
    private final AttentionContext gqa = new AttentionContext(0, 2, 4, 2, 3, 64);
    private final FloatTensor q = AttentionRuns.random(1, 1, 4, N, 3);
    private final FloatTensor k = AttentionRuns.random(2, 1, 2, N, 3);
    private final FloatTensor v = AttentionRuns.random(3, 1, 2, N, 3);

    private LayerAttention sliding(long window) {
        SlidingWindowStrategy s = new SlidingWindowStrategy();
        return s.create(gqa, s.configSchema().validate(Map.of("window", window), "methods[0]"));
    }

    private LayerAttention window(long window, long sinks) {
        WindowStrategy s = new WindowStrategy();
        return s.create(gqa, s.configSchema().validate(Map.of("window", window, "sinks", sinks), "methods[0]"));
    }

    @Test
    void windowCoveringTheSequenceEqualsFullAttention() {
        float[] full = AttentionRuns.run(AttentionRuns.full(), gqa, q, k, v, false, N).output().data();
        assertThat(AttentionRuns.run(sliding(N), gqa, q, k, v, false, N).output().data())
                .containsExactly(full, within(1e-6f));
        assertThat(AttentionRuns.run(window(N, 2), gqa, q, k, v, false, 4, 6).output().data())
                .containsExactly(full, within(1e-6f));
    }

    @Test
    void slidingWindowProbabilityIsZeroOutsideEachQuerysWindow() {
        assertVisibility(AttentionRuns.run(sliding(3), gqa, q, k, v, true, N).probabilities().get(0), 3, 0);
    }

    @Test
    void sinksStayVisibleToEveryQuery() {
        assertVisibility(AttentionRuns.run(window(3, 2), gqa, q, k, v, true, N).probabilities().get(0), 3, 2);
    }

    private static void assertVisibility(FloatTensor p, int window, int sinks) {
        assertThat(p.shape()).containsExactly(1, 4, N, N);
        for (int h = 0; h < 4; h++) {
            for (int i = 0; i < N; i++) {
                float sum = 0;
                for (int j = 0; j < N; j++) {
                    boolean visible = j <= i && (i - j < window || j < sinks);
                    float pij = p.get(0, h, i, j);
                    if (visible) {
                        assertThat(pij).as("p[%d][%d][%d]", h, i, j).isPositive();
                    } else {
                        assertThat(pij).as("p[%d][%d][%d]", h, i, j).isZero();
                    }
                    sum += pij;
                }
                assertThat(sum).isCloseTo(1f, within(1e-6f));
            }
        }
    }

    @Test
    void decodingStepByStepEqualsOnePrefill() {
        for (LayerAttention layer : new LayerAttention[] {sliding(3), window(3, 2), sliding(1), window(2, 12)}) {
            float[] prefill = AttentionRuns.run(layer, gqa, q, k, v, false, N).output().data();
            float[] decode = AttentionRuns.run(layer, gqa, q, k, v, false, 4, 1, 1, 1, 1, 1, 1).output().data();
            float[] chunks = AttentionRuns.run(layer, gqa, q, k, v, false, 3, 5, 2).output().data();
            assertThat(decode).containsExactly(prefill, within(1e-6f));
            assertThat(chunks).containsExactly(prefill, within(1e-6f));
        }
    }

    @Test
    void cacheKeepsOnlySinksAndTheLastWindowMinusOneEntries() {
        AttentionRuns.Result r = AttentionRuns.run(window(3, 2), gqa, q, k, v, false, 4, 1, 1, 1, 1, 1, 1);
        for (Map<String, ArrayTensor> state : r.states()) {
            assertThat(state.get(gqa.name(KvCache.KEYS)).shape()[2]).isLessThanOrEqualTo(2 + 2);
        }
        Map<String, ArrayTensor> last = r.states().get(r.states().size() - 1);
        assertThat(ArrayOps.longs(last.get(gqa.name(KvCache.POSITIONS)))).containsExactly(0, 1, 8, 9);
        assertThat(last.get(gqa.name(KvCache.VALUES)).shape()).containsExactly(1, 2, 4, 3);
        AttentionRuns.Result s = AttentionRuns.run(sliding(4), gqa, q, k, v, false, 6, 1, 3);
        assertThat(ArrayOps.longs(s.states().get(0).get(gqa.name(KvCache.POSITIONS)))).containsExactly(3, 4, 5);
        assertThat(ArrayOps.longs(s.states().get(2).get(gqa.name(KvCache.POSITIONS)))).containsExactly(7, 8, 9);
    }

    @Test
    void windowOfOneKeepsNoCacheAndReturnsEachValue() {
        AttentionRuns.Result r = AttentionRuns.run(sliding(1), gqa, q, k, v, false, 5, 5);
        assertThat(r.states().get(1).get(gqa.name(KvCache.KEYS)).shape()[2]).isZero();
        // each query sees only its own key, so its output is its own (repeated) value
        FloatTensor out = r.output();
        for (int i = 0; i < N; i++) {
            for (int d = 0; d < 3; d++) {
                assertThat(out.get(0, 3, i, d)).isEqualTo(v.get(0, 1, i, d));
            }
        }
    }

    @Test
    void rejectsWindowBelowOneAndNegativeSinks() {
        assertThatThrownBy(() -> new SlidingWindowStrategy().configSchema().validate(Map.of("window", 0L), "methods[1]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("methods[1].window")
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> new WindowStrategy().configSchema().validate(Map.of("sinks", -1L), "m"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("m.sinks");
    }
}
