package dev.attnlab.api.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void tokenCountIsCappedByTheLength() {
        assertThat(Budget.tokens(10).resolve(100)).isEqualTo(10);
        assertThat(Budget.tokens(10).resolve(4)).isEqualTo(4);
        assertThat(Budget.tokens(0).resolve(4)).isZero();
    }

    @Test
    void ratioRoundsToNearestKeepingAtLeastOne() {
        assertThat(Budget.ratio(0.25).resolve(10)).isEqualTo(3);
        assertThat(Budget.ratio(0.5).resolve(7)).isEqualTo(4);
        assertThat(Budget.ratio(0.01).resolve(10)).isEqualTo(1);
        assertThat(Budget.ratio(1.0).resolve(9)).isEqualTo(9);
        assertThat(Budget.ratio(0.3).resolve(0)).isZero();
    }

    @Test
    void rejectsInvalidBudgetsSayingWhatIsAccepted() {
        assertThatThrownBy(() -> Budget.ratio(0)).hasMessageContaining("ratio in (0, 1]");
        assertThatThrownBy(() -> Budget.ratio(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Budget.tokens(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItself() {
        assertThat(Budget.tokens(5)).hasToString("5 tokens");
        assertThat(Budget.ratio(0.25)).hasToString("25%");
    }
}
