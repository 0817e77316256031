package dev.attnlab.harness.lower.onnx;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.runtime.ProgramRunner;
import java.util.Map;
import java.util.function.Function;

/** Test helper: records a small computation and runs it on ONNX Runtime's CPU provider. */
final class OrtEval {

    private OrtEval() {
    }

    /** The value {@code build} computes, as float32 (int64 and bool converted). */
    static FloatTensor run(Function<TensorOps, Tensor> build) {
        OnnxGraphRecorder recorder = new OnnxGraphRecorder(new MapWeightStore(Map.of(), "no weights"), false);
        recorder.output("out", build.apply(recorder));
        return run(recorder.finish(), Map.of()).get("out");
    }

    static Map<String, FloatTensor> run(RecordedProgram program, Map<String, ? extends OnnxValue> feeds) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ProgramRunner runner = new ProgramRunner(OrtEnvironment.getEnvironment(), program, options)) {
            return runner.evaluate(feeds);
        }
    }
}
