package dev.attnlab.autocompressor;

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
 * A model with closed-form outputs: token t embeds to {@code [t, t + 0.5, -t]}, and the hidden state at
 * position i is {@code 2 * x_i + (sum of the first components of x_0..x_i)} in every component, so it
 * depends causally on everything before it. Every forward request is recorded.
 */
final class FakeModel implements LanguageModel {

    static final int DIM = 3;

    final List<ForwardRequest> requests = new ArrayList<>();
    private final int maxContext;

    FakeModel(int maxContext) {
        this.maxContext = maxContext;
    }

    static float[] embedding(int token) {
        return new float[] {token, token + 0.5f, -token};
    }

    /** The hidden states the fake computes for {@code prompt} (the closed form above). */
    static float[][] hidden(float[][] prompt) {
        float[][] out = new float[prompt.length][DIM];
        float prefix = 0;
        for (int i = 0; i < prompt.length; i++) {
            prefix += prompt[i][0];
            for (int j = 0; j < DIM; j++) {
                out[i][j] = 2 * prompt[i][j] + prefix;
            }
        }
        return out;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "llama", 100, maxContext, 1, 1, 1, DIM, "0", -1, -1);
    }

    @Override
    public String methodLabel() {
        return "full";
    }

    @Override
    public FloatTensor embed(int[] tokens) {
        float[] out = new float[tokens.length * DIM];
        for (int i = 0; i < tokens.length; i++) {
            System.arraycopy(embedding(tokens[i]), 0, out, i * DIM, DIM);
        }
        return new FloatTensor(new long[] {tokens.length, DIM}, out);
    }

    @Override
    public ForwardResult forward(ForwardRequest request) {
        requests.add(request);
        if (request.tokens().length != 0) {
            throw new AssertionError("the compressor passes segments as embeddings, not token ids");
        }
        int rows = (int) request.softPrompt().dim(0);
        float[][] prompt = new float[rows][];
        for (int i = 0; i < rows; i++) {
            prompt[i] = request.softPrompt().row(i);
        }
        float[][] hidden = hidden(prompt);
        float[] flat = new float[rows * DIM];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(hidden[i], 0, flat, i * DIM, DIM);
        }
        return new ForwardResult(FloatTensor.zeros(rows, 100), List.of(),
                request.hiddenStates() ? new FloatTensor(new long[] {rows, DIM}, flat) : null);
    }

    @Override
    public DecodeSession newSession() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int[] generate(int[] prompt, GenerationOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
