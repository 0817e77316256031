package dev.attnlab.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TopK;
import org.junit.jupiter.api.Test;

/** Shape and indexing ops of {@link ArrayOps} against hand-computed values (ONNX semantics). */
class ArrayOpsShapeTest {

    private final ArrayOps ops = new ArrayOps();

    private Tensor iota(long... shape) {
        float[] data = new float[(int) FloatTensor.size(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        return ops.constant(FloatTensor.of(data, shape));
    }

    private static float[] v(Tensor t) {
        return ArrayOps.values(t).data();
    }

    private static long[] s(Tensor t) {
        return ArrayOps.shapeOf(t);
    }

    @Test
    void reshapeCopiesZeroAndInfersMinusOne() {
        Tensor x = iota(2, 3, 4);
        assertThat(s(ops.reshape(x, 0, -1))).containsExactly(2, 12);
        assertThat(s(ops.reshape(x, -1, 0, 2))).containsExactly(4, 3, 2);
        assertThat(v(ops.reshape(x, 24))).isEqualTo(v(x));
        assertThat(s(ops.reshape(x, ops.constantLongs(new long[] {6, -1}, 2)))).containsExactly(6, 4);
        assertThatThrownBy(() -> ops.reshape(x, 5, -1)).hasMessageContaining("reshape").hasMessageContaining("[5, -1]");
    }

    @Test
    void transposePermutesAxes() {
        Tensor x = iota(2, 3);
        Tensor t = ops.transpose(x, 1, 0);
        assertThat(s(t)).containsExactly(3, 2);
        assertThat(v(t)).containsExactly(0, 3, 1, 4, 2, 5);
        Tensor y = iota(2, 1, 3);
        assertThat(v(ops.transpose(y, 2, 0, 1))).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(s(ops.transpose(y))).containsExactly(3, 1, 2);
    }

    @Test
    void concatJoinsAlongAnAxis() {
        Tensor a = iota(2, 1);
        Tensor b = ops.constant(FloatTensor.of(new float[] {7, 8, 9, 10}, 2, 2));
        Tensor c = ops.concat(-1, a, b);
        assertThat(s(c)).containsExactly(2, 3);
        assertThat(v(c)).containsExactly(0, 7, 8, 1, 9, 10);
        Tensor empty = ops.constant(FloatTensor.zeros(2, 0));
        assertThat(v(ops.concat(1, empty, a))).containsExactly(0, 1);
        assertThatThrownBy(() -> ops.concat(0, a, b)).hasMessageContaining("concat").hasMessageContaining("[2, 2]");
    }

    @Test
    void sliceClampsAndCountsNegativeBoundsFromTheEnd() {
        Tensor x = iota(5);
        assertThat(v(ops.slice(x, 0, 1, 3))).containsExactly(1, 2);
        assertThat(v(ops.slice(x, 0, -2, Long.MAX_VALUE))).containsExactly(3, 4);
        assertThat(v(ops.slice(x, 0, -10, 2))).containsExactly(0, 1);
        assertThat(v(ops.slice(x, 0, 3, -1))).containsExactly(3);
        assertThat(v(ops.slice(x, 0, 4, 2))).isEmpty();
        Tensor m = iota(2, 3);
        Tensor cols = ops.slice(m, 1, ops.scalarLong(1), ops.constantLongs(new long[] {3}, 1));
        assertThat(s(cols)).containsExactly(2, 2);
        assertThat(v(cols)).containsExactly(1, 2, 4, 5);
        assertThat(v(ops.slice(m, 1, -7, Long.MAX_VALUE))).isEqualTo(v(m));
    }

    @Test
    void unsqueezeAndSqueezeInsertAndRemoveUnitAxes() {
        Tensor x = iota(3);
        assertThat(s(ops.unsqueeze(x, 0, -1))).containsExactly(1, 3, 1);
        assertThat(s(ops.unsqueeze(x, 1))).containsExactly(3, 1);
        Tensor y = iota(1, 3, 1);
        assertThat(s(ops.squeeze(y))).containsExactly(3);
        assertThat(s(ops.squeeze(y, -1))).containsExactly(1, 3);
        assertThatThrownBy(() -> ops.squeeze(y, 1)).hasMessageContaining("squeeze").hasMessageContaining("size 3");
    }

    @Test
    void shapeDimAndRangeGiveInt64() {
        Tensor x = iota(2, 5);
        assertThat(ArrayOps.longs(ops.shape(x))).containsExactly(2, 5);
        assertThat(ArrayOps.longs(ops.dim(x, -1))).containsExactly(5);
        assertThat(ArrayOps.longs(ops.range(ops.scalarLong(3), ops.dim(x, 1)))).containsExactly(3, 4);
        assertThat(ArrayOps.longs(ops.range(ops.scalarLong(3), ops.scalarLong(1)))).isEmpty();
    }

    @Test
    void expandBroadcastsBothWays() {
        Tensor col = iota(2, 1);
        Tensor e = ops.expand(col, ops.constantLongs(new long[] {2, 3}, 2));
        assertThat(v(e)).containsExactly(0, 0, 0, 1, 1, 1);
        // ONNX Expand broadcasts bidirectionally: a 1 in the target keeps the input's size
        Tensor wide = ops.expand(iota(1, 3), ops.constantLongs(new long[] {2, 1, 1}, 3));
        assertThat(s(wide)).containsExactly(2, 1, 3);
    }

    @Test
    void gatherPicksAlongAnAxisWithNegativeIndices() {
        Tensor x = iota(3, 2);
        Tensor rows = ops.gather(x, ops.constantLongs(new long[] {2, -3}, 2), 0);
        assertThat(s(rows)).containsExactly(2, 2);
        assertThat(v(rows)).containsExactly(4, 5, 0, 1);
        Tensor scalarIndex = ops.gather(x, ops.scalarLong(1), 1);
        assertThat(s(scalarIndex)).containsExactly(3);
        assertThat(v(scalarIndex)).containsExactly(1, 3, 5);
        Tensor grid = ops.gather(x, ops.constantLongs(new long[] {1, 0, 1, 1}, 2, 2), 1);
        assertThat(s(grid)).containsExactly(3, 2, 2);
        assertThatThrownBy(() -> ops.gather(x, ops.scalarLong(3), 0)).hasMessageContaining("gather")
                .hasMessageContaining("index 3");
    }

    @Test
    void gatherElementsAndScatterElementsFollowOnnxIndexing() {
        Tensor x = ops.constant(FloatTensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        Tensor idx = ops.constantLongs(new long[] {0, 0, 1, 0}, 2, 2);
        assertThat(v(ops.gatherElements(x, idx, 1))).containsExactly(1, 1, 4, 3);
        assertThat(v(ops.gatherElements(x, idx, 0))).containsExactly(1, 2, 3, 2);
        Tensor partial = ops.gatherElements(x, ops.constantLongs(new long[] {-1}, 1, 1), 1);
        assertThat(v(partial)).containsExactly(2);
        Tensor zeros = ops.constant(FloatTensor.zeros(3, 3));
        Tensor updates = ops.constant(FloatTensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        Tensor where = ops.constantLongs(new long[] {1, 0, 2, 0, 2, 1}, 2, 3);
        Tensor scattered = ops.scatterElements(zeros, where, updates, 0);
        // ONNX ScatterElements docs, example 1
        assertThat(v(scattered)).containsExactly(4, 2, 0, 1, 0, 6, 0, 5, 3);
        assertThat(v(zeros)).containsOnly(0f);
    }

    @Test
    void topKSortsDescendingWithLowestIndexFirstOnTies() {
        Tensor x = ops.constant(FloatTensor.of(new float[] {3, 1, 3, 2, 0, 5, 5, 5}, 2, 4));
        TopK top = ops.topK(x, 3, -1);
        assertThat(s(top.values())).containsExactly(2, 3);
        assertThat(v(top.values())).containsExactly(3, 3, 2, 5, 5, 5);
        assertThat(ArrayOps.longs(top.indices())).containsExactly(0, 2, 3, 1, 2, 3);
        TopK columns = ops.topK(x, ops.constantLongs(new long[] {1}, 1), 0);
        assertThat(v(columns.values())).containsExactly(3, 5, 5, 5);
        assertThat(ArrayOps.longs(columns.indices())).containsExactly(0, 1, 1, 1);
        assertThatThrownBy(() -> ops.topK(x, 5, 1)).hasMessageContaining("topK").hasMessageContaining("k = 5");
    }

    @Test
    void badAxisIsReportedWithTheAllowedRange() {
        assertThatThrownBy(() -> ops.softmax(iota(2, 2), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax").hasMessageContaining("-2..1");
    }
}
