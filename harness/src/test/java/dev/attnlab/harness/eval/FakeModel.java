package dev.attnlab.harness.eval;

import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.List;
import java.util.function.IntFunction;

/** A language model with uniform logits and attention maps given per sequence length. */
final class FakeModel implements LanguageModel {

    private final ModelInfo info;
    private final IntFunction<List<FloatTensor>> attention;
    int forwards;
    int appended;
    boolean closed;

    FakeModel(int vocab, int maxContext, IntFunction<List<FloatTensor>> attention) {
        this.info = new ModelInfo("fake", "llama", vocab, maxContext, 1, 1, 1, 8, "00", -1, -1);
        this.attention = attention;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public String methodLabel() {
        return "fake";
    }

    @Override
    public ForwardResult forward(ForwardRequest request) {
        forwards++;
        int t = request.tokens().length;
        List<FloatTensor> maps = request.attention() ? attention.apply(t) : List.of();
        return new ForwardResult(FloatTensor.zeros(t, info.vocabSize()), maps, null);
    }

    @Override
    public DecodeSession newSession() {
        return new DecodeSession() {
            private int position;

            @Override
            public FloatTensor append(int[] tokens) {
                position += tokens.length;
                appended += tokens.length;
                return FloatTensor.zeros(tokens.length, info.vocabSize());
            }

            @Override
            public FloatTensor appendEmbeddings(FloatTensor embeddings) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int position() {
                return position;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public int[] generate(int[] prompt, GenerationOptions options) {
        return new int[options.maxNewTokens()];
    }

    @Override
    public void close() {
        closed = true;
    }
}
