package dev.attnlab.harness.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.onnx.ModelFiles;
import dev.attnlab.harness.lower.onnx.ProgramStep;
import dev.attnlab.harness.lower.onnx.RecordedProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link RecordedProgram}: an ORT session per segment, host ops on the heap between them. Values pass
 * between steps by name and stay native unless a host op reads them.
 */
public final class ProgramRunner implements AutoCloseable {

    private final OrtEnvironment env;
    private final RecordedProgram program;
    private final List<OrtSession> sessions = new ArrayList<>();
    private final OrtSession.SessionOptions sessionOptions;
    private final long inlineLimit;
    private Path tempDir;

    /** Creates one session per segment with {@code options} (which the caller keeps and closes). */
    public ProgramRunner(OrtEnvironment env, RecordedProgram program, OrtSession.SessionOptions options) {
        this(env, program, options, ModelFiles.EXTERNAL_DATA_THRESHOLD);
    }

    /** As above; segments with at least {@code inlineLimit} bytes of weights are opened from temporary files. */
    ProgramRunner(OrtEnvironment env, RecordedProgram program, OrtSession.SessionOptions options, long inlineLimit) {
        this.inlineLimit = inlineLimit;
        this.env = env;
        this.program = program;
        this.sessionOptions = options;
        try {
            for (ProgramStep step : program.steps()) {
                if (step instanceof ProgramStep.Segment s) {
                    sessions.add(createSession(s));
                }
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("ONNX Runtime rejected the recorded graph: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Small segments go to ORT as bytes. A segment with more weights than protobuf can serialise in one message
     * (2 GiB) is written to a temporary file with external data and opened from there.
     */
    private OrtSession createSession(ProgramStep.Segment s) throws OrtException {
        OrtSession.SessionOptions options = sessionOptions;
        if (ModelFiles.weightBytes(s.model()) < inlineLimit) {
            return env.createSession(s.model().toByteArray(), options);
        }
        try {
            if (tempDir == null) {
                tempDir = Files.createTempDirectory("attnlab-segments");
            }
            Path file = tempDir.resolve("segment-" + sessions.size() + ".onnx");
            ModelFiles.write(s.model(), file, file.getFileName() + ".data");
            return env.createSession(file.toString(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a large graph segment to a temporary file: " + e.getMessage(), e);
        }
    }

    /** The directory of temporary segment files, or null when every segment was opened from bytes. */
    Path tempDir() {
        return tempDir;
    }

    public RecordedProgram program() {
        return program;
    }

    /**
     * Runs every step once.
     *
     * @param feeds the program's inputs and state inputs, by name (still owned by the caller)
     * @return every value the steps made; close it to free them
     */
    RunValues run(Map<String, ? extends OnnxValue> feeds) {
        Map<String, OnnxValue> env = new HashMap<>(feeds);
        RunValues out = new RunValues();
        try {
            int segment = 0;
            for (ProgramStep step : program.steps()) {
                if (step instanceof ProgramStep.Segment s) {
                    Map<String, OnnxTensorLike> in = new HashMap<>();
                    for (String name : s.inputs()) {
                        in.put(name, (OnnxTensorLike) lookup(env, name));
                    }
                    OrtSession.Result result = sessions.get(segment++).run(in);
                    out.own(result);
                    for (String name : s.outputs()) {
                        OnnxValue v = result.get(name).orElseThrow();
                        env.put(name, v);
                        out.put(name, v);
                    }
                } else if (step instanceof ProgramStep.Host h) {
                    runHost(h, env, out);
                }
            }
            return out;
        } catch (OrtException e) {
            out.close();
            throw new IllegalStateException("ONNX Runtime failed while running the model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Runs the program once and copies its outputs and state outputs to the heap as float32 (int64 and bool
     * values converted); for tests and tools, not the decode loop.
     */
    public Map<String, FloatTensor> evaluate(Map<String, ? extends OnnxValue> feeds) {
        try (RunValues out = run(feeds)) {
            Map<String, FloatTensor> result = new java.util.LinkedHashMap<>();
            for (String name : program.outputs()) {
                result.put(name, OrtTensors.toFloat(out.tensor(name), name));
            }
            for (dev.attnlab.harness.lower.onnx.StateSpec s : program.states()) {
                result.put(s.outputName(), OrtTensors.toFloat(out.tensor(s.outputName()), s.outputName()));
            }
            return result;
        }
    }

    private void runHost(ProgramStep.Host h, Map<String, OnnxValue> env, RunValues out) throws OrtException {
        List<FloatTensor> args = new ArrayList<>();
        for (String name : h.inputs()) {
            args.add(OrtTensors.toFloat((OnnxTensor) lookup(env, name), name));
        }
        List<FloatTensor> results = h.op().compute(args);
        List<Integer> ranks = h.op().outputRanks();
        if (results.size() != h.outputs().size()) {
            throw new IllegalStateException("host op '" + h.op().name() + "' returned " + results.size()
                    + " tensors but declares " + h.outputs().size() + " outputs");
        }
        for (int i = 0; i < results.size(); i++) {
            FloatTensor r = results.get(i);
            if (r.rank() != ranks.get(i)) {
                throw new IllegalStateException("host op '" + h.op().name() + "' output " + i + " has rank " + r.rank()
                        + " but outputRanks() says " + ranks.get(i));
            }
            OnnxTensor t = OrtTensors.floats(this.env, r);
            out.own(t);
            env.put(h.outputs().get(i), t);
            out.put(h.outputs().get(i), t);
        }
    }

    private static OnnxValue lookup(Map<String, OnnxValue> env, String name) {
        OnnxValue v = env.get(name);
        if (v == null) {
            throw new IllegalStateException("no value '" + name + "' was fed or computed before the step that reads it");
        }
        return v;
    }

    @Override
    public void close() {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing an ONNX Runtime session failed: " + e.getMessage(), e);
            }
        }
        sessions.clear();
        if (tempDir != null) {
            try (var files = Files.list(tempDir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(tempDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete temporary segments in " + tempDir + ": " + e.getMessage(), e);
            }
            tempDir = null;
        }
    }
}
