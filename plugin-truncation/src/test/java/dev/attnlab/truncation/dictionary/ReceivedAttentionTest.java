package dev.attnlab.truncation.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.truncation.dictionary.FakeAttentionModel.Head;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedAttentionTest {

    // Every attention value below (1, 1/2, 1/4, 3/4, 1/7...) is computed by hand; dyadic ones are exact in
    // float, the others carry float rounding, hence the 1e-7 tolerance.
    private static final double TOLERANCE = 1e-7;

    @Test
    void averagesOverLayersHeadsAndTheQueriesThatSeeEachPosition() {
        // tokens [1, 2], w(1) = 1, w(2) = 3; heads: weighted and uniform; two identical layers.
        // weighted: q0 -> [1], q1 -> [1/4, 3/4]; uniform: q0 -> [1], q1 -> [1/2, 1/2]
        // position 0: mean over heads of (mean over q0, q1) = ((1 + 1/4)/2 + (1 + 1/2)/2) / 2 = 11/16
        // position 1: only q1 sees it: (3/4 + 1/2) / 2 = 5/8
        FakeAttentionModel model = FakeAttentionModel.of("h", 4, 16, new double[] {1, 1, 3}, 2,
                List.of(Head.WEIGHTED, Head.UNIFORM));

        double[] scores = ReceivedAttention.measure(model, new int[] {1, 2});

        assertThat(scores).containsExactly(new double[] {11.0 / 16, 5.0 / 8}, within(TOLERANCE));
    }

    @Test
    void weightedHeadOnThreeTokensMatchesHandComputedFractions() {
        // w = [1, 6, 1]: q0 -> [1]; q1 -> [1/7, 6/7]; q2 -> [1/8, 6/8, 1/8]
        FakeAttentionModel model = FakeAttentionModel.of("h", 4, 16, new double[] {1, 6, 1}, 1, List.of(Head.WEIGHTED));

        double[] scores = ReceivedAttention.measure(model, new int[] {0, 1, 2});

        assertThat(scores).containsExactly(new double[] {(1 + 1.0 / 7 + 1.0 / 8) / 3, (6.0 / 7 + 6.0 / 8) / 2, 1.0 / 8},
                within(TOLERANCE));
    }

    @Test
    void rejectsAttentionOfTheWrongShapeNamingTheLayer() {
        List<FloatTensor> layers = List.of(FloatTensor.zeros(2, 3, 3), FloatTensor.zeros(2, 3, 4));

        assertThatThrownBy(() -> ReceivedAttention.fromAttention(layers, 3, "m"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layer 1").hasMessageContaining("[2, 3, 4]").hasMessageContaining("[heads, 3, 3]");
    }

    @Test
    void rejectsAModelThatReturnsNoAttention() {
        assertThatThrownBy(() -> ReceivedAttention.fromAttention(List.of(), 3, "m"))
                .hasMessageContaining("model 'm' returned no attention");
    }
}
