package dev.attnlab.harness.lower.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.api.testkit.ArrayOps;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link TensorOps} method recorded to ONNX and run on ONNX Runtime gives what the eager reference
 * lowering {@link ArrayOps} (framework-api testkit, an independent Java implementation of the ONNX semantics)
 * gives: same shape, values within 2e-6 absolute + 1e-6 relative (float32 rounding of different kernels).
 */
class OnnxOpsMatchArrayOpsTest {

    private static Tensor a(TensorOps o) {
        return o.constant(FloatTensor.of(new float[] {-1.5f, 0.25f, 2f, 0.5f, -0.75f, 3f}, 2, 3));
    }

    private static Tensor b(TensorOps o) {
        return o.constant(FloatTensor.of(new float[] {0.5f, -2f, 1.25f}, 3));
    }

    private static Tensor positive(TensorOps o) {
        return o.constant(FloatTensor.of(new float[] {0.5f, 1f, 2.5f, 4f, 0.1f, 9f}, 2, 3));
    }

    private static Tensor cube(TensorOps o) {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.7) * 2;
        }
        return o.constant(FloatTensor.of(v, 2, 3, 4));
    }

    private static Tensor ids(TensorOps o) {
        return o.constantLongs(new long[] {2, 0, 1, 2}, 2, 2);
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                op("add broadcast", o -> o.add(a(o), b(o))),
                op("sub", o -> o.sub(a(o), b(o))),
                op("mul", o -> o.mul(a(o), b(o))),
                op("div", o -> o.div(a(o), b(o))),
                op("pow", o -> o.pow(positive(o), b(o))),
                op("max", o -> o.max(a(o), b(o))),
                op("min", o -> o.min(a(o), b(o))),
                op("neg", o -> o.neg(a(o))),
                op("exp", o -> o.exp(a(o))),
                op("log", o -> o.log(positive(o))),
                op("sqrt", o -> o.sqrt(positive(o))),
                op("tanh", o -> o.tanh(a(o))),
                op("sigmoid", o -> o.sigmoid(a(o))),
                op("relu", o -> o.relu(a(o))),
                op("erf", o -> o.erf(cube(o))),
                op("abs", o -> o.abs(a(o))),
                op("cos", o -> o.cos(a(o))),
                op("sin", o -> o.sin(a(o))),
                op("reciprocal", o -> o.reciprocal(positive(o))),
                op("elu", o -> o.elu(cube(o))),
                op("silu", o -> o.silu(cube(o))),
                op("gelu", o -> o.gelu(cube(o))),
                op("scalar", o -> o.mul(a(o), o.scalar(3f))),
                op("less", o -> o.less(a(o), b(o))),
                op("lessOrEqual", o -> o.lessOrEqual(a(o), o.scalar(0.5f))),
                op("greater", o -> o.greater(a(o), b(o))),
                op("equal longs", o -> o.equal(ids(o), o.scalarLong(2))),
                op("and / not", o -> o.and(o.greater(a(o), o.scalar(0f)), o.not(o.less(a(o), b(o))))),
                op("where", o -> o.where(o.greater(a(o), b(o)), a(o), o.scalar(-9f))),
                op("cast float to long", o -> o.cast(o.mul(a(o), o.scalar(2f)), DType.INT64)),
                op("cast bool to float", o -> o.cast(o.greater(a(o), b(o)), DType.FLOAT32)),
                op("reduceSum keep", o -> o.reduceSum(cube(o), true, 1)),
                op("reduceSum two axes", o -> o.reduceSum(cube(o), false, 0, -1)),
                op("reduceMean", o -> o.reduceMean(cube(o), false, 2)),
                op("reduceMax keep", o -> o.reduceMax(cube(o), true, -2)),
                op("softmax", o -> o.softmax(cube(o), -1)),
                op("softmax middle axis", o -> o.softmax(cube(o), 1)),
                op("matmul batched broadcast", o -> o.matmul(cube(o), o.transpose(o.slice(cube(o), 0, 0, 1), 0, 2, 1))),
                op("matmul by vector", o -> o.matmul(a(o), b(o))),
                op("reshape", o -> o.reshape(cube(o), 0, -1, 2)),
                op("reshape by tensor", o -> o.reshape(cube(o), o.concat(0, o.dim(cube(o), 0), o.constantLongs(new long[] {-1}, 1)))),
                op("transpose", o -> o.transpose(cube(o), 2, 0, 1)),
                op("concat", o -> o.concat(1, a(o), positive(o))),
                op("slice", o -> o.slice(cube(o), 2, 1, 3)),
                op("slice negative to end", o -> o.slice(cube(o), -1, -3, Long.MAX_VALUE)),
                op("slice by tensors", o -> o.slice(cube(o), 1, o.scalarLong(1), o.constantLongs(new long[] {3}, 1))),
                op("unsqueeze", o -> o.unsqueeze(a(o), 0, 2)),
                op("squeeze", o -> o.squeeze(o.unsqueeze(a(o), 1), 1)),
                op("shape", o -> o.shape(cube(o))),
                op("dim", o -> o.dim(cube(o), -1)),
                op("range", o -> o.range(o.scalarLong(2), o.dim(cube(o), 2))),
                op("expand", o -> o.expand(b(o), o.constantLongs(new long[] {2, 2, 3}, 3))),
                op("gather rows", o -> o.gather(a(o), o.constantLongs(new long[] {1, 0, 1}, 3), 0)),
                op("gather 2-D indices axis 1", o -> o.gather(cube(o), ids(o), 1)),
                op("gatherElements", o -> o.gatherElements(a(o), o.constantLongs(new long[] {2, 2, 0, 1, 0, 1}, 2, 3), 1)),
                op("scatterElements", o -> o.scatterElements(a(o), o.constantLongs(new long[] {2, 0, 1, 0}, 2, 2),
                        o.constant(FloatTensor.of(new float[] {10f, 20f, 30f, 40f}, 2, 2)), 1)),
                op("topK values", o -> o.topK(cube(o), 2, -1).values()),
                op("topK indices", o -> o.topK(cube(o), 3, 1).indices()),
                op("topK by tensor", o -> o.topK(cube(o), o.scalarLong(2), -1).values()),
                op("attention masked", o -> o.attention(cube(o), cube(o), cube(o),
                        o.greater(o.constant(FloatTensor.of(new float[] {1, 0, 0, 1, 1, 0, 1, 1, 1}, 3, 3)), o.scalar(0.5f)), 0.5f)),
                op("attention probabilities unmasked", o -> o.attentionProbabilities(cube(o), cube(o), null, 0.3f)));
    }

    private static Arguments op(String name, Function<TensorOps, Tensor> build) {
        return Arguments.of(name, build);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void onnxRuntimeResultEqualsArrayOps(String name, Function<TensorOps, Tensor> build) {
        FloatTensor expected = ArrayOps.array(build.apply(new ArrayOps())).asFloats();
        FloatTensor actual = OrtEval.run(build);

        assertThat(actual.shape()).as(name + " shape").containsExactly(expected.shape());
        float[] e = expected.data();
        float[] x = actual.data();
        for (int i = 0; i < e.length; i++) {
            assertThat(x[i]).as(name + " element " + i).isCloseTo(e[i], within(2e-6f + 1e-6f * Math.abs(e[i])));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void recordedRankMatchesRuntimeRank(String name, Function<TensorOps, Tensor> build) {
        OnnxGraphRecorder recorder = new OnnxGraphRecorder(new dev.attnlab.harness.model.MapWeightStore(java.util.Map.of(), "none"), false);
        Tensor t = build.apply(recorder);
        assertThat(t.rank()).as(name).isEqualTo(ArrayOps.array(build.apply(new ArrayOps())).rank());
    }
}
