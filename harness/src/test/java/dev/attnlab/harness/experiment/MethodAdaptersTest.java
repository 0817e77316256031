package dev.attnlab.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.compress.CompressedContext;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MethodAdaptersTest {

    private static int argmax(FloatTensor logits, int row) {
        float[] r = logits.row(row);
        int best = 0;
        for (int j = 1; j < r.length; j++) {
            best = r[j] > r[best] ? j : best;
        }
        return best;
    }

    @Test
    void modelMethodRowIPredictsContinuationTokenI() {
        ToyModel model = ToyModel.successor("full");
        FloatTensor logits = new ModelMethod("full", model).continuationLogits(new int[] {3, 4}, new int[] {5, 6, 7});

        assertThat(logits.shape()).containsExactly(3, 32);
        assertThat(new int[] {argmax(logits, 0), argmax(logits, 1), argmax(logits, 2)}).containsExactly(5, 6, 7);
        assertThat(model.requests.get(0).tokens()).as("the last continuation token is never fed").containsExactly(3, 4, 5, 6);
    }

    @Test
    void emptyContextStartsFromBosOrFailsClearly() {
        ToyModel withBos = new ToyModel("full", 32, 1, 3f, 7);
        new ModelMethod("full", withBos).continuationLogits(new int[0], new int[] {8});
        assertThat(withBos.requests.get(0).tokens()).containsExactly(7);

        ToyModel noBos = new ToyModel("full", 32, 1, 3f, -1);
        assertThatThrownBy(() -> new ModelMethod("m", noBos).continuationLogits(new int[0], new int[] {8}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a BOS token");
    }

    @Test
    void rejectsSequencesBeyondTheContextLimit() {
        assertThatThrownBy(() -> new ModelMethod("m", ToyModel.successor("m")).continuationLogits(new int[60], new int[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context limit of 64");
    }

    @Test
    void compressorMethodFeedsTheKeptTokensThenTheContinuation() {
        ToyModel full = ToyModel.successor("full");
        CompressorMethod method = new CompressorMethod("keep-last", full,
                (context, budget, tail) -> new CompressedContext.Tokens(
                        Arrays.copyOfRange(context, context.length - budget.resolve(context.length), context.length)),
                Budget.tokens(2));
        FloatTensor logits = method.continuationLogits(new int[] {1, 2, 3, 4, 5}, new int[] {6, 7});

        assertThat(full.requests.get(0).tokens()).containsExactly(4, 5, 6);
        assertThat(new int[] {argmax(logits, 0), argmax(logits, 1)}).containsExactly(6, 7);
        assertThat(method.model()).isEmpty();
    }

    @Test
    void compressorMethodFeedsASoftPromptBeforeTheContinuation() {
        ToyModel full = ToyModel.successor("full");
        FloatTensor vectors = FloatTensor.of(new float[] {9, 0, 0, 0, 11, 0, 0, 0}, 2, 4);
        CompressorMethod method = new CompressorMethod("soft", full,
                (context, budget, tail) -> new CompressedContext.SoftPrompt(vectors), Budget.tokens(2));
        FloatTensor logits = method.continuationLogits(new int[] {1, 2, 3}, new int[] {20, 21});

        assertThat(full.requests.get(0).softPrompt()).isEqualTo(vectors);
        assertThat(full.requests.get(0).tokens()).containsExactly(20);
        // row 0 is the last soft-prompt position (favours 11), row 1 follows token 20 (favours 21)
        assertThat(new int[] {argmax(logits, 0), argmax(logits, 1)}).containsExactly(11, 21);
    }

    @Test
    void cachingMethodComputesEachContinuationOnce() {
        ToyModel model = ToyModel.successor("full");
        CachingMethod cached = new CachingMethod(new ModelMethod("full", model), 1 << 20);
        FloatTensor a = cached.continuationLogits(new int[] {1, 2}, new int[] {3, 4});
        FloatTensor b = cached.continuationLogits(new int[] {1, 2}, new int[] {3, 4});
        cached.continuationLogits(new int[] {1, 2}, new int[] {3, 5});

        assertThat(b).isEqualTo(a);
        assertThat(model.requests).hasSize(2);
        assertThat(cached.computed()).isEqualTo(2);
    }

    @Test
    void cachingMethodDropsOldEntriesBeyondItsBudget() {
        ToyModel model = ToyModel.successor("full");
        CachingMethod cached = new CachingMethod(new ModelMethod("full", model), 4L * 32 * 2); // two rows
        cached.continuationLogits(new int[] {1}, new int[] {2});
        cached.continuationLogits(new int[] {1}, new int[] {3});
        cached.continuationLogits(new int[] {1}, new int[] {4}); // evicts {2}
        cached.continuationLogits(new int[] {1}, new int[] {2});

        assertThat(model.requests).hasSize(4);
    }
}
