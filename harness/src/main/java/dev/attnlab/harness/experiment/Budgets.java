package dev.attnlab.harness.experiment;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.OptionType;
import dev.attnlab.api.config.Settings;
import java.util.Optional;

/**
 * The budget a compressor is evaluated at, read from its own settings: an integer option
 * {@code budget_tokens} of at least 0 is a token count; otherwise an integer option {@code budget} is a token
 * count and a float option {@code budget} (or {@code ratio}, {@code budget_ratio}) a share of the context.
 * Without such options the context is halved.
 */
final class Budgets {

    static final Budget DEFAULT = Budget.ratio(0.5);

    private Budgets() {
    }

    static Budget of(Settings settings) {
        Optional<ConfigOption> tokens = settings.schema().option("budget_tokens");
        if (tokens.isPresent() && tokens.get().type() == OptionType.INTEGER && settings.getLong("budget_tokens") >= 0) {
            return Budget.tokens(settings.getInt("budget_tokens"));
        }
        for (String name : new String[] {"budget", "ratio", "budget_ratio"}) {
            Optional<ConfigOption> option = settings.schema().option(name);
            if (option.isEmpty()) {
                continue;
            }
            if (option.get().type() == OptionType.INTEGER) {
                return Budget.tokens(settings.getInt(name));
            }
            if (option.get().type() == OptionType.FLOAT) {
                double value = settings.getDouble(name);
                return value > 1 ? Budget.tokens((int) Math.round(value)) : Budget.ratio(value);
            }
        }
        return DEFAULT;
    }
}
