package dev.attnlab.harness.runtime;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.onnx.StateSpec;
import dev.attnlab.harness.model.GraphOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental decoding on ONNX Runtime. The state outputs of one run are fed to the next as the ORT values
 * they are (never copied to the Java heap); the run that made them is freed once the next run is done.
 */
final class OrtDecodeSession implements DecodeSession {

    private final OrtLanguageModel model;
    private RunValues previous;
    private final List<AutoCloseable> initialState = new ArrayList<>();
    private int position;
    private boolean closed;

    OrtDecodeSession(OrtLanguageModel model) {
        this.model = model;
    }

    @Override
    public FloatTensor append(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("append needs at least one token");
        }
        return run(GraphOptions.LOGITS_ONLY, tokens, null).logits();
    }

    @Override
    public FloatTensor appendEmbeddings(FloatTensor embeddings) {
        if (embeddings.rank() != 2 || embeddings.dim(0) == 0) {
            throw new IllegalArgumentException("embeddings must be [n >= 1, dim], got " + embeddings);
        }
        return run(new GraphOptions(true, false, false), new int[0], embeddings).logits();
    }

    @Override
    public int position() {
        return position;
    }

    /** Logits {@code [n, vocab]} and, when the variant outputs them, hidden states {@code [n, dim]}. */
    record Outputs(FloatTensor logits, FloatTensor hiddenStates) {
    }

    /**
     * Feeds {@code tokens} (or, with {@code soft}, the rows of {@code soft} followed by the tokens' embeddings),
     * in several runs when a layer's attention must not cross a segment boundary.
     */
    Outputs run(GraphOptions options, int[] tokens, FloatTensor soft) {
        if (closed) {
            throw new IllegalStateException("decode session is closed");
        }
        int n = tokens.length + (soft == null ? 0 : (int) soft.dim(0));
        model.checkLength(position, n);
        List<Integer> cuts = model.runBoundaries(position, n);
        if (cuts.size() == 1) {
            return runOnce(options, tokens, soft);
        }
        FloatTensor rows = soft == null ? null
                : tokens.length == 0 ? soft : OrtLanguageModel.concatRows(soft, model.embed(tokens));
        List<Outputs> parts = new ArrayList<>();
        int from = 0;
        for (int to : cuts) {
            parts.add(rows == null ? runOnce(options, java.util.Arrays.copyOfRange(tokens, from, to), null)
                    : runOnce(options, new int[0], OrtLanguageModel.sliceRows(rows, from, to)));
            from = to;
        }
        return new Outputs(OrtLanguageModel.concatRows(parts.stream().map(Outputs::logits).toList()),
                options.hiddenStates()
                        ? OrtLanguageModel.concatRows(parts.stream().map(Outputs::hiddenStates).toList()) : null);
    }

    private Outputs runOnce(GraphOptions options, int[] tokens, FloatTensor soft) {
        int n = tokens.length + (soft == null ? 0 : (int) soft.dim(0));
        ProgramRunner runner = model.runner(options);
        List<AutoCloseable> fed = new ArrayList<>();
        RunValues out = null;
        try {
            Map<String, OnnxValue> feeds = model.inputs(runner.program(), tokens, soft, position, fed);
            feeds.putAll(state(runner));
            out = runner.run(feeds);
            FloatTensor logits = OrtLanguageModel.dropBatch(
                    OrtTensors.toFloat(out.tensor(OrtLanguageModel.LOGITS), OrtLanguageModel.LOGITS));
            FloatTensor hidden = options.hiddenStates() ? OrtLanguageModel.dropBatch(OrtTensors.toFloat(
                    out.tensor(OrtLanguageModel.HIDDEN_STATES), OrtLanguageModel.HIDDEN_STATES)) : null;
            if (previous != null) {
                previous.close();
            }
            OrtLanguageModel.closeAll(initialState);
            previous = out;
            out = null;
            position += n;
            return new Outputs(logits, hidden);
        } catch (OrtException e) {
            throw new IllegalStateException("could not create model inputs: " + e.getMessage(), e);
        } finally {
            if (out != null) {
                out.close();
            }
            OrtLanguageModel.closeAll(fed);
        }
    }

    private Map<String, OnnxValue> state(ProgramRunner runner) throws OrtException {
        if (previous == null) {
            OrtLanguageModel.closeAll(initialState);
            return model.zeroState(runner.program(), initialState);
        }
        Map<String, OnnxValue> feeds = new HashMap<>();
        for (StateSpec s : runner.program().states()) {
            if (!previous.has(s.outputName())) {
                throw new IllegalStateException("state '" + s.name() + "' was not produced by the previous run");
            }
            feeds.put(s.inputName(), previous.tensor(s.outputName()));
        }
        return feeds;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (previous != null) {
                previous.close();
            }
            OrtLanguageModel.closeAll(initialState);
        }
    }
}
