package dev.attnlab.truncation;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.compress.Compressor;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.model.ModelInfo;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The {@code attention-truncation} compressor: keeps the tokens a model attends to most. See
 * docs/methods/truncation.md for the method, its options and the dictionary file format.
 *
 * <p>{@link #create} loads the dictionary for variants {@code static} and {@code mix}, building it from
 * the experiment corpus (and resuming an interrupted build) when the file is missing.
 */
@ApiStatus(status = ApiStatus.Status.EXPERIMENTAL, since = "0.1")
public final class AttentionTruncation implements Compressor {

    public static final String ID = "attention-truncation";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "drops the least-attended tokens (dictionary, per-input or mixed scores; head/tail/random baselines)";
    }

    @Override
    public ConfigSchema configSchema() {
        return TruncationSettings.SCHEMA;
    }

    @Override
    public AttentionTruncator create(CompressionContext context, Settings settings) {
        TruncationSettings s = TruncationSettings.from(settings);
        PositionScorer scorer = switch (s.variant()) {
            case STATIC -> dictionaryScorer(context, s);
            case INPUT -> new InputAttentionScorer(context.model(), s.window());
            case MIX -> PositionScorer.mix(dictionaryScorer(context, s),
                    new InputAttentionScorer(context.model(), s.window()), s.mixWeight());
            case HEAD -> PositionScorer.head();
            case TAIL -> PositionScorer.tail();
            case RANDOM -> PositionScorer.random(context.seed());
        };
        return new AttentionTruncator(scorer, protectedIds(s, context.model().info()), s.protectedSuffix(), s.budget());
    }

    private static DictionaryScorer dictionaryScorer(CompressionContext context, TruncationSettings s) {
        return new DictionaryScorer(DictionarySource.obtain(context, s), s.unseen(), s.priorStrength());
    }

    private static int[] protectedIds(TruncationSettings s, ModelInfo model) {
        IntStream special = s.protectSpecial()
                ? IntStream.of(model.bosToken(), model.eosToken()).filter(id -> id >= 0) : IntStream.empty();
        return IntStream.concat(Arrays.stream(s.protectedTokens()), special).distinct().toArray();
    }
}
