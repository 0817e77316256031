package dev.attnlab.harness.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.onnx.InputSpec;
import dev.attnlab.harness.lower.onnx.RecordedProgram;
import dev.attnlab.harness.lower.onnx.StateSpec;
import dev.attnlab.harness.model.GraphOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link LanguageModel} running on ONNX Runtime, batch 1. Graph variants (logits only, with attention
 * probabilities, hidden states, embeddings input) are recorded and compiled on first use and kept.
 */
public final class OrtLanguageModel implements LanguageModel {

    static final String INPUT_IDS = "input_ids";
    static final String INPUTS_EMBEDS = "inputs_embeds";
    static final String POSITIONS = "positions";
    static final String LOGITS = "logits";
    static final String HIDDEN_STATES = "hidden_states";
    static final String ATTENTION_PREFIX = "attention.";

    private final ModelInfo info;
    private final String methodLabel;
    private final ProgramSource source;
    private final Function<int[], FloatTensor> embed;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions sessionOptions;
    private final String device;
    private final Map<GraphOptions, ProgramRunner> runners = new HashMap<>();
    private final int[] segmentLengths;
    private boolean closed;

    OrtLanguageModel(ModelInfo info, String methodLabel, ProgramSource source, Function<int[], FloatTensor> embed,
                     OrtEnvironment env, OrtSession.SessionOptions sessionOptions, String device, int[] segmentLengths) {
        this.segmentLengths = segmentLengths.clone();
        this.info = info;
        this.methodLabel = methodLabel;
        this.source = source;
        this.embed = embed;
        this.env = env;
        this.sessionOptions = sessionOptions;
        this.device = device;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public String methodLabel() {
        return methodLabel;
    }

    /** {@code cpu} or {@code cuda}: where the segments run. */
    public String device() {
        return device;
    }

    /** The program of a graph variant (recording and compiling it if not done yet). */
    public RecordedProgram program(GraphOptions options) {
        return runner(options).program();
    }

    @Override
    public ForwardResult forward(ForwardRequest request) {
        int[] tokens = request.tokens() == null ? new int[0] : request.tokens();
        FloatTensor soft = request.softPrompt();
        int n = tokens.length + (soft == null ? 0 : (int) soft.dim(0));
        if (n == 0) {
            throw new IllegalArgumentException("forward needs at least one token or a soft prompt");
        }
        checkLength(0, n);
        GraphOptions options = new GraphOptions(soft != null, request.attention(), request.hiddenStates());
        if (runBoundaries(0, n).size() > 1) {
            if (request.attention()) {
                throw new UnsupportedOperationException("attention probabilities need the whole sequence in one run, "
                        + "but method " + methodLabel + " processes segments of " + Arrays.toString(segmentLengths)
                        + " tokens; ask for at most " + Arrays.stream(segmentLengths).min().orElse(0) + " tokens");
            }
            try (OrtDecodeSession session = new OrtDecodeSession(this)) {
                OrtDecodeSession.Outputs out = session.run(options, tokens, soft);
                return new ForwardResult(out.logits(), List.of(), out.hiddenStates());
            }
        }
        ProgramRunner runner = runner(options);
        List<AutoCloseable> fed = new ArrayList<>();
        try {
            Map<String, OnnxValue> feeds = inputs(runner.program(), tokens, soft, 0, fed);
            feeds.putAll(zeroState(runner.program(), fed));
            try (RunValues out = runner.run(feeds)) {
                FloatTensor logits = dropBatch(OrtTensors.toFloat(out.tensor(LOGITS), LOGITS));
                List<FloatTensor> attention = new ArrayList<>();
                if (request.attention()) {
                    for (int layer = 0; layer < info.layers(); layer++) {
                        String name = ATTENTION_PREFIX + layer;
                        attention.add(dropBatch(OrtTensors.toFloat(out.tensor(name), name)));
                    }
                }
                FloatTensor hidden = request.hiddenStates()
                        ? dropBatch(OrtTensors.toFloat(out.tensor(HIDDEN_STATES), HIDDEN_STATES)) : null;
                return new ForwardResult(logits, List.copyOf(attention), hidden);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("could not create model inputs: " + e.getMessage(), e);
        } finally {
            closeAll(fed);
        }
    }

    @Override
    public DecodeSession newSession() {
        checkOpen();
        return new OrtDecodeSession(this);
    }

    /**
     * {@inheritDoc} Decodes incrementally (state kept in ORT values); stops early after the stop token or when
     * the sequence reaches the model's position limit.
     */
    @Override
    public int[] generate(int[] prompt, GenerationOptions options) {
        TokenSampler sampler = new TokenSampler(options);
        int[] out = new int[options.maxNewTokens()];
        int produced = 0;
        if (options.maxNewTokens() == 0) {
            return out;
        }
        try (DecodeSession session = newSession()) {
            FloatTensor logits;
            if (options.softPrompt() != null) {
                logits = session.appendEmbeddings(concatRows(options.softPrompt(), embed(prompt)));
            } else {
                if (prompt.length == 0) {
                    throw new IllegalArgumentException("generate needs a non-empty prompt or a soft prompt");
                }
                logits = session.append(prompt);
            }
            while (true) {
                int token = sampler.next(logits.row((int) logits.dim(0) - 1));
                out[produced++] = token;
                if (token == options.stopToken() || produced == out.length) {
                    break;
                }
                if (session.position() >= info.maxContext()) {
                    break;
                }
                logits = session.append(new int[] {token});
            }
        }
        return Arrays.copyOf(out, produced);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runners.values().forEach(ProgramRunner::close);
        runners.clear();
        sessionOptions.close();
    }

    // ---- shared with OrtDecodeSession -----------------------------------------------------------

    synchronized ProgramRunner runner(GraphOptions options) {
        checkOpen();
        return runners.computeIfAbsent(options, o -> new ProgramRunner(env, source.program(o), sessionOptions));
    }

    OrtEnvironment env() {
        return env;
    }

    /**
     * Where runs covering positions {@code start..start+count-1} must end so that no run crosses a segment
     * boundary of a {@link dev.attnlab.api.attention.SegmentedAttention} layer: ends relative to {@code start},
     * the last being {@code count}.
     */
    List<Integer> runBoundaries(int start, int count) {
        List<Integer> ends = new ArrayList<>();
        for (int p = start + 1; p < start + count; p++) {
            for (int len : segmentLengths) {
                if (p % len == 0) {
                    ends.add(p - start);
                    break;
                }
            }
        }
        ends.add(count);
        return ends;
    }

    void checkLength(int start, int count) {
        if (start + count > info.maxContext()) {
            throw new IllegalArgumentException("sequence of " + (start + count) + " positions exceeds the position "
                    + "limit of model " + info.name() + " (maxContext " + info.maxContext() + "); use shorter windows");
        }
    }

    @Override
    public FloatTensor embed(int[] tokens) {
        if (embed == null) {
            throw new UnsupportedOperationException("model " + info.name() + " was loaded from an exported graph "
                    + "without its embedding table, so soft prompts are not available");
        }
        return embed.apply(tokens);
    }

    /** input_ids or inputs_embeds, and positions {@code start..start+n-1}. */
    Map<String, OnnxValue> inputs(RecordedProgram program, int[] tokens, FloatTensor soft, int start,
                                  List<AutoCloseable> owned) throws OrtException {
        Map<String, OnnxValue> feeds = new HashMap<>();
        int n = tokens.length + (soft == null ? 0 : (int) soft.dim(0));
        for (InputSpec in : program.inputs()) {
            OnnxTensor t;
            switch (in.name()) {
                case INPUT_IDS -> {
                    if (soft != null) {
                        throw new IllegalStateException("graph reads input_ids but a soft prompt was given");
                    }
                    t = OrtTensors.longs(env, Arrays.stream(tokens).asLongStream().toArray(), 1, tokens.length);
                }
                case INPUTS_EMBEDS -> {
                    FloatTensor rows = soft == null ? embed(tokens) : tokens.length == 0 ? soft
                            : concatRows(soft, embed(tokens));
                    t = OrtTensors.floats(env, new FloatTensor(new long[] {1, rows.dim(0), rows.dim(1)}, rows.data()));
                }
                case POSITIONS -> {
                    long[] pos = new long[n];
                    for (int i = 0; i < n; i++) {
                        pos[i] = start + i;
                    }
                    t = OrtTensors.longs(env, pos, n);
                }
                default -> throw new IllegalStateException("the graph reads input '" + in.name() + "', which the "
                        + "runtime does not supply (it supplies " + INPUT_IDS + ", " + INPUTS_EMBEDS + ", " + POSITIONS
                        + "); see docs/export-contract.md");
            }
            owned.add(t);
            feeds.put(in.name(), t);
        }
        return feeds;
    }

    Map<String, OnnxValue> zeroState(RecordedProgram program, List<AutoCloseable> owned) throws OrtException {
        Map<String, OnnxValue> feeds = new HashMap<>();
        for (StateSpec s : program.states()) {
            OnnxTensor t = OrtTensors.zeros(env, s.input().dtype(), s.input().initialShape(1));
            owned.add(t);
            feeds.put(s.inputName(), t);
        }
        return feeds;
    }

    static FloatTensor dropBatch(FloatTensor t) {
        long[] shape = t.shape();
        if (shape.length == 0 || shape[0] != 1) {
            throw new IllegalStateException("expected a batch-1 output, got shape " + Arrays.toString(shape));
        }
        return new FloatTensor(Arrays.copyOfRange(shape, 1, shape.length), t.data());
    }

    static FloatTensor concatRows(FloatTensor a, FloatTensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(1)) {
            throw new IllegalArgumentException("soft prompt " + Arrays.toString(a.shape()) + " and token embeddings "
                    + Arrays.toString(b.shape()) + " must both be [rows, dim] with the same dim");
        }
        float[] data = Arrays.copyOf(a.data(), a.data().length + b.data().length);
        System.arraycopy(b.data(), 0, data, a.data().length, b.data().length);
        return new FloatTensor(new long[] {a.dim(0) + b.dim(0), a.dim(1)}, data);
    }

    static FloatTensor concatRows(List<FloatTensor> parts) {
        FloatTensor all = parts.get(0);
        for (FloatTensor p : parts.subList(1, parts.size())) {
            all = concatRows(all, p);
        }
        return all;
    }

    static FloatTensor sliceRows(FloatTensor t, int from, int to) {
        int width = (int) t.dim(1);
        return new FloatTensor(new long[] {to - from, width}, Arrays.copyOfRange(t.data(), from * width, to * width));
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("freeing native memory failed: " + e.getMessage(), e);
            }
        }
        resources.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + info.name() + " is closed");
        }
    }
}
