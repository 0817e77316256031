package dev.attnlab.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Elementwise, comparison, reduction and matmul ops of {@link ArrayOps} against hand-computed values. */
class ArrayOpsTest {

    private final ArrayOps ops = new ArrayOps();

    private Tensor f(float[] data, long... shape) {
        return ops.constant(FloatTensor.of(data, shape));
    }

    private Tensor l(long[] data, long... shape) {
        return ops.constantLongs(data, shape);
    }

    private static float[] v(Tensor t) {
        return ArrayOps.values(t).data();
    }

    @Test
    void addBroadcastsRowAgainstColumn() {
        Tensor col = f(new float[] {1, 2}, 2, 1);
        Tensor row = f(new float[] {10, 20, 30}, 3);
        Tensor sum = ops.add(col, row);
        assertThat(ArrayOps.shapeOf(sum)).containsExactly(2, 3);
        assertThat(v(sum)).containsExactly(11, 21, 31, 12, 22, 32);
    }

    @Test
    void scalarBroadcastsAgainstEveryShape() {
        Tensor x = f(new float[] {1, 2, 3, 4}, 2, 1, 2);
        assertThat(v(ops.mul(x, ops.scalar(2f)))).containsExactly(2, 4, 6, 8);
        assertThat(v(ops.sub(ops.scalar(1f), x))).containsExactly(0, -1, -2, -3);
        assertThat(v(ops.div(x, ops.scalar(2f)))).containsExactly(0.5f, 1, 1.5f, 2);
        assertThat(v(ops.pow(x, ops.scalar(2f)))).containsExactly(1, 4, 9, 16);
    }

    @Test
    void rejectsIncompatibleBroadcastNamingOpAndShapes() {
        assertThatThrownBy(() -> ops.add(f(new float[6], 2, 3), f(new float[2], 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add").hasMessageContaining("[2, 3]").hasMessageContaining("[2]");
    }

    @Test
    void rejectsMixedTypesAskingForACast() {
        assertThatThrownBy(() -> ops.add(f(new float[] {1}, 1), l(new long[] {1}, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cast");
    }

    @Test
    void int64ArithmeticIsExactAndDivisionTruncatesTowardZero() {
        Tensor a = l(new long[] {7, -7, 1L << 40}, 3);
        Tensor b = ops.scalarLong(2);
        assertThat(ArrayOps.longs(ops.div(a, b))).containsExactly(3, -3, 1L << 39);
        assertThat(ArrayOps.longs(ops.add(a, b))).containsExactly(9, -5, (1L << 40) + 2);
        assertThat(ArrayOps.longs(ops.neg(a))).containsExactly(-7, 7, -(1L << 40));
        assertThat(ArrayOps.longs(ops.max(a, ops.scalarLong(0)))).containsExactly(7, 0, 1L << 40);
    }

    @Test
    void unaryFunctionsMatchJavaMath() {
        float[] x = {-2f, -0.5f, 0f, 0.5f, 3f};
        Tensor t = f(x, 5);
        float[] exp = v(ops.exp(t));
        float[] tanh = v(ops.tanh(t));
        float[] sig = v(ops.sigmoid(t));
        float[] relu = v(ops.relu(t));
        float[] abs = v(ops.abs(t));
        float[] cos = v(ops.cos(t));
        float[] sin = v(ops.sin(t));
        float[] neg = v(ops.neg(t));
        for (int i = 0; i < x.length; i++) {
            assertThat(exp[i]).isCloseTo((float) Math.exp(x[i]), within(1e-6f * exp[i]));
            assertThat(tanh[i]).isCloseTo((float) Math.tanh(x[i]), within(1e-7f));
            assertThat(sig[i]).isCloseTo((float) (1 / (1 + Math.exp(-x[i]))), within(1e-7f));
            assertThat(relu[i]).isEqualTo(Math.max(0f, x[i]));
            assertThat(abs[i]).isEqualTo(Math.abs(x[i]));
            assertThat(cos[i]).isCloseTo((float) Math.cos(x[i]), within(1e-7f));
            assertThat(sin[i]).isCloseTo((float) Math.sin(x[i]), within(1e-7f));
            assertThat(neg[i]).isEqualTo(-x[i]);
        }
        assertThat(v(ops.log(f(new float[] {1f, (float) Math.E}, 2)))).containsExactly(new float[] {0f, 1f}, within(1e-7f));
        assertThat(v(ops.sqrt(f(new float[] {4f, 2.25f}, 2)))).containsExactly(2f, 1.5f);
        assertThat(v(ops.reciprocal(f(new float[] {4f, -0.5f}, 2)))).containsExactly(0.25f, -2f);
        assertThat(v(ops.min(t, ops.scalar(0f)))).containsExactly(-2f, -0.5f, 0f, 0f, 0f);
    }

    @Test
    void erfMatchesTabulatedValuesToDoublePrecisionRounding() {
        // Reference: erf values from Abramowitz & Stegun Table 7.1 / NIST DLMF, rounded to 16 digits.
        float[] x = {0f, 0.1f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 4f, -1f, -3.5f};
        double[] expected = {0.0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9661051464753108,
            0.9953222650189527, 0.9995930479825550, 0.9999779095030014, 0.9999999845827421, -0.8427007929497149,
            -0.9999992569016276};
        float[] got = v(ops.erf(f(x, x.length)));
        for (int i = 0; i < x.length; i++) {
            assertThat((double) got[i]).as("erf(%s)", x[i]).isCloseTo(expected[i], within(1e-7));
        }
    }

    @Test
    void erfIsAccurateInDoubleAcrossTheSeriesAndFractionBoundary() {
        // Reference: erf(2.4) and erf(2.6) from DLMF-tabulated values; the kernel switches method at 2.5.
        assertThat(Erf.erf(2.4)).isCloseTo(0.9993114861033550, within(1e-13));
        assertThat(Erf.erf(2.6)).isCloseTo(0.9997639655834707, within(1e-13));
        assertThat(Erf.erf(10)).isEqualTo(1.0);
    }

    @Test
    void comparisonsGiveBooleansWithBroadcasting() {
        Tensor a = f(new float[] {1, 2, 3}, 3);
        Tensor two = ops.scalar(2f);
        assertThat(ArrayOps.booleans(ops.less(a, two))).containsExactly(true, false, false);
        assertThat(ArrayOps.booleans(ops.lessOrEqual(a, two))).containsExactly(true, true, false);
        assertThat(ArrayOps.booleans(ops.greater(a, two))).containsExactly(false, false, true);
        assertThat(ArrayOps.booleans(ops.equal(a, two))).containsExactly(false, true, false);
        Tensor p = l(new long[] {0, 1, 2}, 3);
        Tensor causal = ops.lessOrEqual(ops.unsqueeze(p, 0), ops.unsqueeze(p, 1));
        assertThat(ArrayOps.shapeOf(causal)).containsExactly(3, 3);
        assertThat(ArrayOps.booleans(causal)).containsExactly(true, false, false, true, true, false, true, true, true);
    }

    @Test
    void logicalOpsAndWhereSelectElementwise() {
        Tensor c = ops.less(l(new long[] {0, 5}, 2), ops.scalarLong(3));
        Tensor d = ops.greater(l(new long[] {0, 5}, 2), ops.scalarLong(-1));
        assertThat(ArrayOps.booleans(ops.and(c, d))).containsExactly(true, false);
        assertThat(ArrayOps.booleans(ops.not(c))).containsExactly(false, true);
        Tensor picked = ops.where(ops.unsqueeze(c, 1), f(new float[] {1, 2, 3}, 1, 3), ops.scalar(-9f));
        assertThat(ArrayOps.shapeOf(picked)).containsExactly(2, 3);
        assertThat(v(picked)).containsExactly(1, 2, 3, -9, -9, -9);
        assertThatThrownBy(() -> ops.where(f(new float[] {1}, 1), ops.scalar(1f), ops.scalar(2f)))
                .hasMessageContaining("where").hasMessageContaining("BOOL");
    }

    @Test
    void castConvertsBetweenAllTypes() {
        Tensor x = f(new float[] {-1.7f, 0f, 2.9f}, 3);
        assertThat(ArrayOps.longs(ops.cast(x, DType.INT64))).containsExactly(-1, 0, 2);
        assertThat(ArrayOps.booleans(ops.cast(x, DType.BOOL))).containsExactly(true, false, true);
        Tensor b = ops.cast(x, DType.BOOL);
        assertThat(v(ops.cast(b, DType.FLOAT32))).containsExactly(1, 0, 1);
        assertThat(v(ops.cast(l(new long[] {3, -4}, 2), DType.FLOAT32))).containsExactly(3, -4);
    }

    @Test
    void reductionsOverChosenAxesWithAndWithoutKeptDims() {
        Tensor x = f(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor rows = ops.reduceSum(x, false, 1);
        assertThat(ArrayOps.shapeOf(rows)).containsExactly(2);
        assertThat(v(rows)).containsExactly(6, 15);
        Tensor cols = ops.reduceMean(x, true, -2);
        assertThat(ArrayOps.shapeOf(cols)).containsExactly(1, 3);
        assertThat(v(cols)).containsExactly(2.5f, 3.5f, 4.5f);
        assertThat(v(ops.reduceMax(x, false, 0, 1))).containsExactly(6);
        assertThat(ArrayOps.shapeOf(ops.reduceMax(x, false))).isEmpty();
        assertThat(ArrayOps.longs(ops.reduceSum(l(new long[] {1, 2, 3}, 3), false, 0))).containsExactly(6);
    }

    @Test
    void softmaxNormalisesAlongTheGivenAxis() {
        Tensor x = f(new float[] {0, 0, 0, (float) Math.log(3)}, 2, 2);
        assertThat(v(ops.softmax(x, -1))).containsExactly(new float[] {0.5f, 0.5f, 0.25f, 0.75f}, within(1e-7f));
        assertThat(v(ops.softmax(x, 0))).containsExactly(new float[] {0.5f, 0.25f, 0.5f, 0.75f}, within(1e-7f));
        Tensor e = f(new float[] {0, 1}, 2);
        assertThat(v(ops.softmax(e, 0)))
                .containsExactly(new float[] {(float) (1 / (1 + Math.E)), (float) (Math.E / (1 + Math.E))}, within(1e-7f));
        // a huge masked score must not overflow
        assertThat(v(ops.softmax(f(new float[] {1000f, -1e30f}, 2), 0))).containsExactly(1f, 0f);
    }

    @Test
    void matmulMultipliesMatrices() {
        Tensor a = f(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = f(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        Tensor c = ops.matmul(a, b);
        assertThat(ArrayOps.shapeOf(c)).containsExactly(2, 2);
        assertThat(v(c)).containsExactly(58, 64, 139, 154);
    }

    @Test
    void matmulBroadcastsBatchAxesAndHandlesVectors() {
        // [2, 1, 2, 2] x [3, 2, 1]: batch [2,1] and [3] broadcast to [2, 3]
        Tensor a = f(new float[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 1, 2, 2);
        Tensor b = f(new float[] {1, 2, 3, 4, 5, 6}, 3, 2, 1);
        Tensor c = ops.matmul(a, b);
        assertThat(ArrayOps.shapeOf(c)).containsExactly(2, 3, 2, 1);
        assertThat(v(c)).containsExactly(1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12);
        Tensor vec = f(new float[] {1, 1}, 2);
        assertThat(ArrayOps.shapeOf(ops.matmul(vec, f(new float[] {1, 2, 3, 4}, 2, 2)))).containsExactly(2);
        assertThat(v(ops.matmul(vec, f(new float[] {1, 2, 3, 4}, 2, 2)))).containsExactly(4, 6);
        assertThat(v(ops.matmul(f(new float[] {1, 2, 3, 4}, 2, 2), vec))).containsExactly(3, 7);
        assertThat(ArrayOps.shapeOf(ops.matmul(vec, vec))).isEmpty();
    }

    @Test
    void matmulRejectsMismatchedInnerDimensionNamingShapes() {
        assertThatThrownBy(() -> ops.matmul(f(new float[6], 2, 3), f(new float[4], 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul").hasMessageContaining("[2, 3]").hasMessageContaining("[2, 2]");
    }
}
