package dev.attnlab.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionInputs;
import dev.attnlab.api.attention.AttentionMath;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The default compositions of {@code TensorOps} and the shared attention helpers, run on
 * {@link ArrayOps} and compared with closed forms and plain loops written here.
 */
class ArrayOpsCompositionTest {

    private final ArrayOps ops = new ArrayOps();

    private static FloatTensor random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[(int) FloatTensor.size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.of(data, shape);
    }

    @Test
    void eluSiluAndGeluMatchTheirClosedForms() {
        float[] x = {-4f, -1f, -0.1f, 0f, 0.3f, 2f};
        Tensor t = ops.constant(FloatTensor.of(x, x.length));
        float[] elu = ArrayOps.values(ops.elu(t)).data();
        float[] silu = ArrayOps.values(ops.silu(t)).data();
        float[] gelu = ArrayOps.values(ops.gelu(t)).data();
        // Reference: ELU, SiLU by definition; GELU(x) = x Phi(x) with Phi(-1) = 0.15865525393145707,
        // Phi(2) = 0.9772498680518208, Phi(-4) = 3.167124183311998e-05 (standard normal tables).
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            assertThat((double) elu[i]).isCloseTo(xi > 0 ? xi : Math.expm1(xi), within(1e-6));
            assertThat((double) silu[i]).isCloseTo(xi / (1 + Math.exp(-xi)), within(1e-6));
        }
        assertThat((double) gelu[1]).isCloseTo(-1 * 0.15865525393145707, within(1e-6));
        assertThat((double) gelu[5]).isCloseTo(2 * 0.9772498680518208, within(1e-6));
        assertThat((double) gelu[0]).isCloseTo(-4 * 3.167124183311998e-05, within(1e-6));
        assertThat(gelu[3]).isZero();
    }

    @Test
    void attentionEqualsAPlainLoopWithMask() {
        int t = 3;
        int s = 4;
        int d = 2;
        FloatTensor q = random(1, 1, t, d);
        FloatTensor k = random(2, 1, s, d);
        FloatTensor v = random(3, 1, s, 3);
        boolean[] mask = {true, false, true, false, true, true, false, false, false, false, false, false};
        float scale = 0.7f;
        Tensor m = ArrayTensor.ofBools(mask, t, s);
        float[] got = ArrayOps.values(ops.attention(ops.constant(q), ops.constant(k), ops.constant(v), m, scale)).data();
        float[] expected = new float[t * 3];
        for (int i = 0; i < t; i++) {
            double[] w = new double[s];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += q.data()[i * d + c] * k.data()[j * d + c];
                }
                w[j] = mask[i * s + j] ? dot * scale : -1e30;
                max = Math.max(max, w[j]);
            }
            double sum = 0;
            for (int j = 0; j < s; j++) {
                w[j] = Math.exp(w[j] - max);
                sum += w[j];
            }
            for (int c = 0; c < 3; c++) {
                double acc = 0;
                for (int j = 0; j < s; j++) {
                    acc += w[j] / sum * v.data()[j * 3 + c];
                }
                expected[i * 3 + c] = (float) acc;
            }
        }
        // Reference: the loop above; tolerance covers float32 rounding of the intermediate scores.
        assertThat(got).containsExactly(expected, within(1e-6f));
        // the last row sees no key at all: finite (uniform) rather than NaN
        assertThat(got[6]).isFinite();
    }

    @Test
    void causalMaskComparesAbsolutePositions() {
        Tensor queries = ops.constantLongs(new long[] {5, 6}, 2);
        Tensor keys = ops.constantLongs(new long[] {4, 5, 6}, 3);
        assertThat(ArrayOps.booleans(AttentionMath.causalMask(ops, queries, keys)))
                .containsExactly(true, true, false, true, true, true);
    }

    @Test
    void repeatKvRepeatsEachKvHeadForItsQueryGroup() {
        AttentionContext gqa = new AttentionContext(0, 1, 4, 2, 2, 16);
        FloatTensor kv = FloatTensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        Tensor repeated = AttentionMath.repeatKv(ops, ops.constant(kv), gqa);
        assertThat(ArrayOps.shapeOf(repeated)).containsExactly(1, 4, 2, 2);
        assertThat(ArrayOps.values(repeated).data())
                .containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8);
        AttentionContext mha = new AttentionContext(0, 1, 2, 2, 2, 16);
        Tensor same = ops.constant(kv);
        assertThat(AttentionMath.repeatKv(ops, same, mha)).isSameAs(same);
    }

    @Test
    void kvCacheAppendOverTwoRunsEqualsOneRunOverTheConcatenation() {
        AttentionContext c = new AttentionContext(1, 2, 4, 2, 3, 32);
        FloatTensor q = random(10, 1, 4, 5, 3);
        FloatTensor k = random(11, 1, 2, 5, 3);
        FloatTensor v = random(12, 1, 2, 5, 3);

        ArrayOps whole = new ArrayOps();
        AttentionResult once = attend(whole, c, q, k, v, 0, 5);

        ArrayOps first = new ArrayOps();
        AttentionResult a = attend(first, c, slice(q, 0, 3), slice(k, 0, 3), slice(v, 0, 3), 0, 3);
        ArrayOps second = first.next();
        AttentionResult b = attend(second, c, slice(q, 3, 5), slice(k, 3, 5), slice(v, 3, 5), 3, 5);

        float[] joined = ArrayOps.values(second.concat(2, second.constant(ArrayOps.values(a.output())), b.output()))
                .data();
        // Reference: the single prefill; the split run must agree to float32 rounding.
        assertThat(joined).containsExactly(ArrayOps.values(once.output()).data(), within(1e-6f));
        Map<String, ArrayTensor> state = second.stateOutputs();
        assertThat(state.get(c.name(KvCache.KEYS))).isEqualTo(whole.stateOutputs().get(c.name(KvCache.KEYS)));
        assertThat(ArrayOps.longs(state.get(c.name(KvCache.POSITIONS)))).containsExactly(0, 1, 2, 3, 4);
        assertThat(second.unmatchedStates()).isEmpty();
    }

    @Test
    void causalAttentionExposesProbabilitiesThatSumToOneAndRespectCausality() {
        AttentionContext c = new AttentionContext(0, 1, 2, 1, 2, 8);
        ArrayOps ops = new ArrayOps().setWantsAttentionProbabilities(true);
        AttentionResult r = attend(ops, c, random(1, 1, 2, 3, 2), random(2, 1, 1, 3, 2), random(3, 1, 1, 3, 2), 0, 3);
        FloatTensor p = ArrayOps.values(r.probabilities());
        assertThat(p.shape()).containsExactly(1, 2, 3, 3);
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 3; i++) {
                float sum = 0;
                for (int j = 0; j < 3; j++) {
                    sum += p.get(0, h, i, j);
                    if (j > i) {
                        assertThat(p.get(0, h, i, j)).isZero();
                    }
                }
                assertThat(sum).isCloseTo(1f, within(1e-6f));
            }
        }
    }

    private static AttentionResult attend(ArrayOps ops, AttentionContext c, FloatTensor q, FloatTensor k, FloatTensor v,
                                          long from, long to) {
        long[] pos = new long[(int) (to - from)];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = from + i;
        }
        AttentionInputs in = new AttentionInputs(ops.constant(q), ops.constant(k), ops.constant(v),
                ops.constantLongs(pos, pos.length), c.defaultScale(), c);
        KvCache all = KvCache.append(ops, in);
        return AttentionMath.causalAttention(ops, in, all.keys(), all.values(), all.positions());
    }

    private FloatTensor slice(FloatTensor x, long from, long to) {
        return ArrayOps.values(ops.slice(ops.constant(x), 2, from, to));
    }
}
