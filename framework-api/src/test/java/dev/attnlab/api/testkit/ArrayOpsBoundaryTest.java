package dev.attnlab.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.Dim;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import dev.attnlab.api.tensor.ParameterSpec;
import dev.attnlab.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs, outputs, state, parameters and host ops of {@link ArrayOps}. */
class ArrayOpsBoundaryTest {

    @Test
    void parameterComesFromWeightsThenInitializerElseFailsNamingIt() {
        ArrayOps ops = new ArrayOps(Map.of("w", FloatTensor.of(new float[] {1, 2}, 2)));
        assertThat(ArrayOps.values(ops.parameter("w", 2)).data()).containsExactly(1, 2);
        Tensor init = ops.parameter(ParameterSpec.trainable("gate", ParameterSpec.Initializer.constant(-5f), 3));
        assertThat(ArrayOps.values(init).data()).containsExactly(-5, -5, -5);
        assertThatThrownBy(() -> ops.parameter("missing", 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing").hasMessageContaining("no initializer");
        assertThatThrownBy(() -> ops.parameter("w", 3)).hasMessageContaining("'w'").hasMessageContaining("[2]");
        assertThat(ops.parameters()).extracting(ParameterSpec::name).containsExactly("w", "gate", "missing", "w");
    }

    @Test
    void inputsAreCheckedAgainstTheirDeclaredDims() {
        ArrayOps ops = new ArrayOps().feed("ids", new long[] {1, 2, 3}, 1, 3)
                .feed("x", FloatTensor.zeros(2, 4));
        Tensor ids = ops.input("ids", DType.INT64, Dim.BATCH, Dim.symbol("seq"));
        assertThat(ArrayOps.longs(ids)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> ops.input("x", DType.FLOAT32, Dim.BATCH, Dim.of(4)))
                .hasMessageContaining("'batch'").hasMessageContaining("bound to 1");
        assertThatThrownBy(() -> ops.input("x", DType.FLOAT32, Dim.symbol("n"), Dim.of(5)))
                .hasMessageContaining("'x'").hasMessageContaining("axis 1");
        assertThatThrownBy(() -> ops.input("absent", DType.FLOAT32, Dim.of(1)))
                .hasMessageContaining("absent").hasMessageContaining("feed");
    }

    @Test
    void unfedStateStartsAsZerosWithBatchBoundAndOtherSymbolsEmpty() {
        ArrayOps ops = new ArrayOps().batch(2);
        Tensor cache = ops.stateInput("cache", DType.FLOAT32, Dim.BATCH, Dim.of(3), Dim.symbol("past"), Dim.of(4));
        assertThat(ArrayOps.shapeOf(cache)).containsExactly(2, 3, 0, 4);
        Tensor count = ops.stateInput("count", DType.INT64, Dim.BATCH, Dim.of(1));
        assertThat(ArrayOps.longs(count)).containsExactly(0, 0);
        assertThat(ops.unmatchedStates()).containsExactly("cache", "count");
        ops.stateOutput("cache", cache);
        assertThat(ops.unmatchedStates()).containsExactly("count");
    }

    @Test
    void decodeLoopFeedsStateOutputsBackThroughNext() {
        ArrayOps first = new ArrayOps();
        for (int run = 0; run < 3; run++) {
            Tensor total = first.stateInput("total", DType.INT64, Dim.of(1));
            first.stateOutput("total", first.add(total, first.scalarLong(run + 1)));
            first.output("seen", total);
            if (run < 2) {
                first = first.next();
            }
        }
        assertThat(first.outputLongs("seen")).containsExactly(3);
        assertThat(ArrayOps.longs(first.stateOutputs().get("total"))).containsExactly(6);
    }

    @Test
    void outputsAreReadableByNameAndDuplicatesRejected() {
        ArrayOps ops = new ArrayOps().setWantsAttentionProbabilities(true);
        assertThat(ops.wantsAttentionProbabilities()).isTrue();
        ops.output("y", ops.scalar(2f));
        assertThat(ops.outputFloat("y").data()).containsExactly(2f);
        assertThatThrownBy(() -> ops.output("y", ops.scalar(1f))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ops.outputFloat("z")).hasMessageContaining("'z'").hasMessageContaining("[y]");
        assertThatThrownBy(() -> ops.outputLongs("y")).hasMessageContaining("INT64");
    }

    @Test
    void hostOpReceivesFloatConvertedInputsAndItsOutputsBecomeTensors() {
        HostOp doubler = new HostOp() {
            @Override
            public String name() {
                return "double";
            }

            @Override
            public List<Integer> outputRanks() {
                return List.of(1);
            }

            @Override
            public List<FloatTensor> compute(List<FloatTensor> inputs) {
                float[] in = inputs.get(0).data();
                float[] out = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = 2 * in[i] + inputs.get(1).data()[0];
                }
                return List.of(FloatTensor.of(out, out.length));
            }
        };
        ArrayOps ops = new ArrayOps();
        Tensor flag = ops.greater(ops.scalarLong(1), ops.scalarLong(0));
        List<Tensor> out = ops.host(doubler, List.of(ops.constantLongs(new long[] {1, 2}, 2), flag));
        assertThat(ArrayOps.values(out.get(0)).data()).containsExactly(3, 5);
    }

    @Test
    void rejectsHandlesOfAnotherBackend() {
        Tensor foreign = new Tensor() {
            @Override
            public DType dtype() {
                return DType.FLOAT32;
            }

            @Override
            public int rank() {
                return 0;
            }
        };
        assertThatThrownBy(() -> new ArrayOps().neg(foreign)).hasMessageContaining("not an ArrayOps tensor");
    }
}
