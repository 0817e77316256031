package dev.attnlab.harness.experiment;

import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A language model whose next-token logits favour {@code (token + shift) mod V} by {@code confidence}
 * nats; a soft-prompt position favours the token {@code round(vector[0])}. Records every request.
 */
final class ToyModel implements LanguageModel {

    private final String label;
    private final int vocab;
    private final int shift;
    private final float confidence;
    private final int bos;
    final List<ForwardRequest> requests = new ArrayList<>();
    boolean closed;

    ToyModel(String label, int vocab, int shift, float confidence, int bos) {
        this.label = label;
        this.vocab = vocab;
        this.shift = shift;
        this.confidence = confidence;
        this.bos = bos;
    }

    static ToyModel successor(String label) {
        return new ToyModel(label, 32, 1, 3f, 0);
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("toy", "llama", vocab, 64, 1, 1, 1, 4, "feedbeef", bos, -1);
    }

    @Override
    public String methodLabel() {
        return label;
    }

    @Override
    public ForwardResult forward(ForwardRequest request) {
        if (closed) {
            throw new IllegalStateException(label + " used after close");
        }
        requests.add(request);
        int p = request.softPrompt() == null ? 0 : (int) request.softPrompt().dim(0);
        int t = request.tokens().length;
        float[] data = new float[(p + t) * vocab];
        for (int i = 0; i < p; i++) {
            data[i * vocab + Math.round(request.softPrompt().get(i, 0))] = confidence;
        }
        for (int i = 0; i < t; i++) {
            data[(p + i) * vocab + Math.floorMod(request.tokens()[i] + shift, vocab)] = confidence;
        }
        return new ForwardResult(FloatTensor.of(data, p + t, vocab), List.of(), null);
    }

    @Override
    public DecodeSession newSession() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public int[] generate(int[] prompt, GenerationOptions options) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public void close() {
        closed = true;
    }
}
