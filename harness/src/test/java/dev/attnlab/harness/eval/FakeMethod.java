package dev.attnlab.harness.eval;

import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Methods with known next-token distributions, for hand-computed expectations. The distribution at each
 * position is a function of the full sequence read so far.
 */
final class FakeMethod implements MethodUnderTest {

    /** Next-token logits after {@code prefix} (never empty). */
    interface Predictor {
        float[] logits(int[] prefix, int vocab);
    }

    private final String label;
    private final int vocab;
    private final Predictor predictor;
    private final LanguageModel model;
    final List<int[][]> calls = new ArrayList<>();

    FakeMethod(String label, int vocab, Predictor predictor, LanguageModel model) {
        this.label = label;
        this.vocab = vocab;
        this.predictor = predictor;
        this.model = model;
    }

    FakeMethod(String label, int vocab, Predictor predictor) {
        this(label, vocab, predictor, null);
    }

    /** Every token equally likely: perplexity = vocab. */
    static FakeMethod uniform(int vocab) {
        return new FakeMethod("uniform", vocab, (prefix, v) -> new float[v]);
    }

    /** p(next = last + 1 mod V) = 1/2, the rest shared equally: NLL ln 2 on counting sequences. */
    static FakeMethod successor(int vocab) {
        return new FakeMethod("successor", vocab, (prefix, v) -> {
            float[] l = new float[v];
            double rest = Math.log(0.5 / (v - 1));
            java.util.Arrays.fill(l, (float) rest);
            l[(prefix[prefix.length - 1] + 1) % v] = (float) Math.log(0.5);
            return l;
        });
    }

    /**
     * An induction "copier": predicts, with high confidence, the token that followed the most recent
     * earlier occurrence of the last token; uniform when the last token has not occurred before.
     */
    static FakeMethod copier(int vocab) {
        return new FakeMethod("copier", vocab, (prefix, v) -> {
            float[] l = new float[v];
            int last = prefix[prefix.length - 1];
            for (int i = prefix.length - 2; i >= 0; i--) {
                if (prefix[i] == last) {
                    l[prefix[i + 1]] = 30f;
                    break;
                }
            }
            return l;
        });
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public FloatTensor continuationLogits(int[] context, int[] continuation) {
        if (context.length == 0) {
            throw new IllegalArgumentException("empty context");
        }
        calls.add(new int[][] {context.clone(), continuation.clone()});
        float[] data = new float[continuation.length * vocab];
        int[] sequence = new int[context.length + continuation.length];
        System.arraycopy(context, 0, sequence, 0, context.length);
        System.arraycopy(continuation, 0, sequence, context.length, continuation.length);
        for (int i = 0; i < continuation.length; i++) {
            float[] row = predictor.logits(java.util.Arrays.copyOf(sequence, context.length + i), vocab);
            System.arraycopy(row, 0, data, i * vocab, vocab);
        }
        return FloatTensor.of(data, continuation.length, vocab);
    }

    @Override
    public Optional<LanguageModel> model() {
        return Optional.ofNullable(model);
    }
}
