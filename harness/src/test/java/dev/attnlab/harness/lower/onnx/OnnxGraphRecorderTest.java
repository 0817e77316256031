package dev.attnlab.harness.lower.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.harness.model.MapWeightStore;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxGraphRecorderTest {

    private static final MapWeightStore NO_WEIGHTS = new MapWeightStore(Map.of(), "/models/empty.bin");

    /** Records what it was given (inputs converted to float by the runtime) and returns 10 * x + count. */
    private static final class ScaleOp implements HostOp {
        final List<List<FloatTensor>> seen = new ArrayList<>();

        @Override
        public String name() {
            return "scale";
        }

        @Override
        public List<Integer> outputRanks() {
            return List.of(2);
        }

        @Override
        public List<FloatTensor> compute(List<FloatTensor> inputs) {
            seen.add(inputs);
            float[] x = inputs.get(0).data().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] = 10 * x[i] + inputs.get(1).data().length;
            }
            return List.of(new FloatTensor(inputs.get(0).shape(), x));
        }
    }

    /**
     * x (input) -> exp -> host(scale, [exp(x), positions]) -> add x -> add state -> output; the state is written
     * after the cut. Expected values are computed by hand below.
     */
    @Test
    void hostOpCutsTheGraphAndWiresValuesAcrossSegments() throws OrtException {
        ScaleOp op = new ScaleOp();
        OnnxGraphRecorder r = new OnnxGraphRecorder(NO_WEIGHTS, false);
        Tensor x = r.input("x", DType.FLOAT32, Dim.of(1), Dim.symbol("n"));
        Tensor positions = r.input("positions", DType.INT64, Dim.symbol("n"));
        Tensor memory = r.stateInput("memory", DType.FLOAT32, Dim.of(1), Dim.symbol("n"));
        Tensor bias = r.constant(FloatTensor.of(new float[] {0.5f}, 1));
        Tensor scaled = r.host(op, List.of(r.exp(x), positions)).get(0);
        Tensor y = r.add(r.add(r.add(scaled, x), bias), r.cast(positions, DType.FLOAT32));
        r.output("y", y);
        r.stateOutput("memory", r.add(memory, y));
        RecordedProgram program = r.finish();

        assertThat(program.steps()).hasSize(3);
        ProgramStep.Segment first = (ProgramStep.Segment) program.steps().get(0);
        ProgramStep.Host host = (ProgramStep.Host) program.steps().get(1);
        ProgramStep.Segment second = (ProgramStep.Segment) program.steps().get(2);
        assertThat(first.outputs()).containsExactlyElementsOf(host.inputs().subList(0, 1));
        assertThat(host.inputs().get(1)).isEqualTo("positions");
        assertThat(host.inputTypes()).containsExactly(DType.FLOAT32, DType.INT64);
        assertThat(second.inputs()).contains(host.outputs().get(0), "x", "positions", "state_in.memory");
        assertThat(second.outputs()).containsExactly("y", "state_out.memory");
        assertThat(program.states()).extracting(StateSpec::name).containsExactly("memory");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] xs = {0f, 1f, -1f};
        try (OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(xs), new long[] {1, 3});
             OnnxTensor pt = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {4, 5, 6}), new long[] {3});
             OnnxTensor mt = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, 2, 3}), new long[] {1, 3})) {
            Map<String, FloatTensor> out = OrtEval.run(program, Map.of("x", xt, "positions", pt, "state_in.memory", mt));
            float[] y0 = new float[3];
            for (int i = 0; i < 3; i++) {
                y0[i] = (float) (10 * Math.exp(xs[i]) + 3 + xs[i] + 0.5 + 4 + i);
            }
            assertThat(out.get("y").data()).containsExactly(y0, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(out.get("state_out.memory").data()).containsExactly(
                    new float[] {y0[0] + 1, y0[1] + 2, y0[2] + 3}, org.assertj.core.data.Offset.offset(1e-4f));
        }
        assertThat(op.seen).hasSize(1);
        assertThat(op.seen.get(0).get(1).data()).containsExactly(4f, 5f, 6f);
    }

    @Test
    void missingFrozenWeightNamesTheWeightAndTheStore() {
        OnnxGraphRecorder r = new OnnxGraphRecorder(NO_WEIGHTS, false);
        assertThatThrownBy(() -> r.parameter("layers.0.attn.q_proj.weight", 4, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers.0.attn.q_proj.weight").hasMessageContaining("/models/empty.bin");
    }

    @Test
    void weightOfTheWrongShapeIsRejectedWithBothShapes() {
        OnnxGraphRecorder r = new OnnxGraphRecorder(new MapWeightStore(Map.of("w", FloatTensor.zeros(2, 3)), "ckpt"), false);
        assertThatThrownBy(() -> r.parameter("w", 3, 2)).hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]")
                .hasMessageContaining("ckpt");
    }

    @Test
    void trainableParameterMissingFromTheStoreStartsFromItsInitializer() {
        FloatTensor out = OrtEval.run(o -> o.parameter(
                ParameterSpec.trainable("gate", ParameterSpec.Initializer.constant(0.25f), 2)));
        assertThat(out.data()).containsExactly(0.25f, 0.25f);
    }

    @Test
    void stateReadButNeverWrittenIsAnError() {
        OnnxGraphRecorder r = new OnnxGraphRecorder(NO_WEIGHTS, false);
        r.stateInput("cache", DType.FLOAT32, Dim.BATCH, Dim.symbol("past"));
        assertThatThrownBy(r::finish).hasMessageContaining("cache").hasMessageContaining("stateOutput");
    }

    @Test
    void stateInputsAndOutputsFollowTheNamingContract() {
        OnnxGraphRecorder r = new OnnxGraphRecorder(NO_WEIGHTS, true);
        Tensor s = r.stateInput("layers.0.attn.cache.keys", DType.FLOAT32, Dim.BATCH, Dim.symbol("past_0"));
        r.stateOutput("layers.0.attn.cache.keys", r.concat(1, s, r.constant(FloatTensor.of(new float[] {1f}, 1, 1))));
        assertThat(r.wantsAttentionProbabilities()).isTrue();
        RecordedProgram p = r.finish();
        OnnxMl.GraphProto g = ((ProgramStep.Segment) p.steps().get(0)).model().getGraph();
        assertThat(g.getInput(0).getName()).isEqualTo("state_in.layers.0.attn.cache.keys");
        assertThat(g.getInput(0).getType().getTensorType().getShape().getDim(1).getDimParam()).isEqualTo("past_0");
        assertThat(g.getOutput(0).getName()).isEqualTo("state_out.layers.0.attn.cache.keys");
        assertThat(p.states().get(0).input().initialShape(1)).containsExactly(1, 0);
    }

    @Test
    void tensorsOfAnotherBackendAreRejected() {
        OnnxGraphRecorder a = new OnnxGraphRecorder(NO_WEIGHTS, false);
        OnnxGraphRecorder b = new OnnxGraphRecorder(NO_WEIGHTS, false);
        Tensor t = a.scalar(1f);
        assertThatThrownBy(() -> b.exp(t)).hasMessageContaining("not made by this ONNX graph recorder");
    }

    @Test
    void singleFileJoinMarksHostOpsAndSplitRestoresARunnableProgram(@TempDir Path dir) throws OrtException {
        ScaleOp op = new ScaleOp();
        OnnxGraphRecorder r = new OnnxGraphRecorder(NO_WEIGHTS, false);
        Tensor x = r.input("x", DType.FLOAT32, Dim.of(1), Dim.symbol("n"));
        Tensor scaled = r.host(op, List.of(r.neg(x), r.scalarLong(7))).get(0);
        r.output("y", r.mul(scaled, x));
        RecordedProgram program = r.finish();

        OnnxMl.ModelProto joined = SingleFileGraph.join(program, h -> Map.of("strategy", "test"), Map.of("k", "v"));
        List<OnnxMl.NodeProto> hostNodes = joined.getGraph().getNodeList().stream()
                .filter(n -> n.getDomain().equals(SingleFileGraph.HOST_DOMAIN)).toList();
        assertThat(hostNodes).hasSize(1);
        assertThat(SingleFileGraph.stringAttribute(hostNodes.get(0), "strategy")).isEqualTo("test");
        assertThat(SingleFileGraph.stringAttribute(hostNodes.get(0), SingleFileGraph.ATTR_NAME)).isEqualTo("scale");

        Path file = dir.resolve("joined.onnx");
        ModelFiles.write(joined, file, true);
        assertThat(Files.exists(dir.resolve("joined.onnx.data"))).isFalse(); // no tensor above the inline limit
        RecordedProgram split = SingleFileGraph.split(ModelFiles.read(file), node -> op);
        assertThat(split.steps()).hasSize(3);
        try (OnnxTensor xt = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(new float[] {2f, 3f}),
                new long[] {1, 2})) {
            Map<String, FloatTensor> a = OrtEval.run(program, Map.of("x", xt));
            Map<String, FloatTensor> b = OrtEval.run(split, Map.of("x", xt));
            // y = (10 * -x + 1) * x: the int64 scalar reaches the op as one float
            assertThat(a.get("y").data()).containsExactly(-38f, -87f);
            assertThat(b.get("y")).isEqualTo(a.get("y"));
        }
    }

    @Test
    void externalDataRoundTripsLargeWeights(@TempDir Path dir) {
        float[] big = new float[4096];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        OnnxGraphRecorder r = new OnnxGraphRecorder(new MapWeightStore(Map.of("w", FloatTensor.of(big, 64, 64)), "mem"), false);
        r.output("y", r.reduceSum(r.parameter("w", 64, 64), false));
        RecordedProgram p = r.finish();
        OnnxMl.ModelProto model = SingleFileGraph.join(p, h -> Map.of(), Map.of());
        Path file = dir.resolve("m.onnx");
        ModelFiles.write(model, file, true);
        assertThat(dir.resolve("m.onnx.data")).hasSize(4096L * 4);
        OnnxMl.ModelProto back = ModelFiles.read(file);
        assertThat(back.getGraph().getInitializer(0).getRawData()).isEqualTo(model.getGraph().getInitializer(0).getRawData());
        FloatTensor sum = OrtEval.run(SingleFileGraph.split(back, n -> null), Map.of()).get("y");
        assertThat(sum.data()[0]).isEqualTo(0.5f * 4095 * 4096 / 2);
    }
}
