/**
 * Attention-score truncation: shortens a context to a token budget by dropping the tokens a model
 * attends to least, keeping the rest in order. Scores come from a per-model dictionary (mean attention
 * each vocabulary token receives over a corpus), from the model's own attention on the input, or a mix
 * of both; head, tail and random truncation are built in as baselines at the same budget.
 *
 * <p>Provides the {@code attention-truncation} compressor and the {@code truncation inspect-dictionary}
 * command. Depends on the attnlab API only.
 */
module dev.attnlab.truncation {
    requires dev.attnlab.api;

    provides dev.attnlab.api.compress.Compressor with
            dev.attnlab.truncation.AttentionTruncation;
    provides dev.attnlab.api.plugin.PluginCommand with
            dev.attnlab.truncation.InspectDictionaryCommand;
}
