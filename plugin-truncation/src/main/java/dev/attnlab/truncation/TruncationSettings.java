package dev.attnlab.truncation;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.ConfigOption;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import java.util.List;

/**
 * The options of {@code attention-truncation}, typed.
 *
 * @param variant         where scores come from
 * @param budget          the budget from {@code budget} / {@code budget_tokens}
 * @param mixWeight       for {@code mix}: the share of the per-input scores (0 = static only, 1 = input only)
 * @param unseen          the fallback for tokens missing from the dictionary
 * @param priorStrength   pseudo-count k of the {@code prior} fallback
 * @param protectedSuffix final tokens kept on top of the call's protected tail
 * @param protectedTokens token ids never dropped
 * @param protectSpecial  whether the model's BOS and EOS ids are never dropped
 * @param dictionary      the dictionary file, or empty for one kept in the work directory
 * @param window          window length for building the dictionary and for scoring inputs
 * @param windows         the most corpus windows to build from (0 = all)
 * @param checkpointEvery windows between build checkpoints
 */
record TruncationSettings(Variant variant, Budget budget, double mixWeight, UnseenPolicy unseen,
                          double priorStrength, int protectedSuffix, int[] protectedTokens, boolean protectSpecial,
                          String dictionary, int window, int windows, int checkpointEvery) {

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigOption.choice("variant", "static", Variant.keys(),
                    "static: dictionary scores (the original); input: the model's attention on this input (one "
                            + "extra pass); mix: both, weighted by mix_weight; head, tail, random: baselines"),
            ConfigOption.real("budget", 0.5, 0.0, 1.0,
                    "share of the context to keep, in (0, 1]; used when budget_tokens is -1"),
            ConfigOption.integer("budget_tokens", -1, -1, Integer.MAX_VALUE,
                    "number of tokens to keep; -1 uses 'budget' instead"),
            ConfigOption.real("mix_weight", 0.5, 0.0, 1.0,
                    "for variant = mix: weight of the per-input scores (1 - mix_weight goes to the dictionary)"),
            ConfigOption.choice("unseen", "global-mean", UnseenPolicy.keys(),
                    "score of tokens the dictionary never saw: global-mean, zero, or prior (shrink every token "
                            + "toward the global mean by prior_strength pseudo-counts)"),
            ConfigOption.real("prior_strength", 1.0, 0.0, 1e9, "pseudo-counts of the prior fallback"),
            ConfigOption.integer("protected_suffix", 0, 0, Integer.MAX_VALUE,
                    "final tokens never dropped, in addition to the caller's protected tail"),
            ConfigOption.integers("protected_tokens", List.of(), "token ids never dropped"),
            ConfigOption.bool("protect_special", true, "never drop the model's BOS and EOS tokens"),
            ConfigOption.path("dictionary", "",
                    "dictionary file; empty keeps one per model in the work directory; built when missing"),
            ConfigOption.integer("window", 256, 1, 1 << 20,
                    "window length for building the dictionary and for scoring inputs (capped by the model)"),
            ConfigOption.integer("windows", 64, 0, Integer.MAX_VALUE,
                    "the most corpus windows to build the dictionary from; 0 uses all"),
            ConfigOption.integer("checkpoint_every", 8, 1, Integer.MAX_VALUE,
                    "windows between checkpoints of a dictionary build (it resumes from the last one)"));

    static TruncationSettings from(Settings s) {
        int budgetTokens = s.getInt("budget_tokens");
        double ratio = s.getDouble("budget");
        if (budgetTokens < 0 && ratio <= 0) {
            throw new ConfigException(s.keyPath("budget"), "must be in (0, 1], was " + ratio
                    + "; or give budget_tokens");
        }
        Budget budget = budgetTokens >= 0 ? Budget.tokens(budgetTokens) : Budget.ratio(ratio);
        int suffix = s.getInt("protected_suffix");
        if (budgetTokens >= 0 && suffix > budgetTokens) {
            throw new ConfigException(s.keyPath("protected_suffix"), suffix + " protected tokens cannot fit "
                    + "budget_tokens = " + budgetTokens + "; lower protected_suffix or raise budget_tokens");
        }
        List<Long> ids = s.getLongList("protected_tokens");
        int[] protectedTokens = new int[ids.size()];
        for (int i = 0; i < protectedTokens.length; i++) {
            long id = ids.get(i);
            if (id < 0 || id > Integer.MAX_VALUE) {
                throw new ConfigException(s.keyPath("protected_tokens"), "token id " + id + " is not a valid id");
            }
            protectedTokens[i] = (int) id;
        }
        return new TruncationSettings(Variant.of(s.getString("variant")), budget, s.getDouble("mix_weight"),
                UnseenPolicy.of(s.getString("unseen")), s.getDouble("prior_strength"), suffix,
                protectedTokens, s.getBoolean("protect_special"), s.getString("dictionary"), s.getInt("window"),
                s.getInt("windows"), s.getInt("checkpoint_every"));
    }
}
