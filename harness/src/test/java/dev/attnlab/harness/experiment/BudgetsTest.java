package dev.attnlab.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetsTest {

    private static final ConfigSchema TRUNCATION_LIKE = ConfigSchema.of(
            ConfigOption.real("budget", 0.5, 0, 1, "share"), ConfigOption.integer("budget_tokens", -1, "count"));

    @Test
    void readsATokenCountBeforeARatio() {
        assertThat(Budgets.of(TRUNCATION_LIKE.validate(Map.of("budget_tokens", 12L), "m", Set.of())))
                .isEqualTo(Budget.tokens(12));
        assertThat(Budgets.of(TRUNCATION_LIKE.validate(Map.of("budget", 0.25), "m", Set.of())))
                .isEqualTo(Budget.ratio(0.25));
    }

    @Test
    void halvesTheContextWhenTheCompressorHasNoBudgetOption() {
        assertThat(Budgets.of(ConfigSchema.EMPTY.validate(Map.of(), "m", Set.of()))).isEqualTo(Budget.ratio(0.5));
    }
}
