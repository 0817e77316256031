package dev.attnlab.harness.experiment;

import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.harness.config.Experiment;
import java.util.Optional;

/** Where the runner gets the evaluation tokens; the harness binds it to its data sources. */
public interface DatasetProvider {

    /**
     * The tokens every method is evaluated on.
     *
     * @param reference the full-attention model (for data sampled from the model itself)
     */
    Dataset load(Experiment experiment, LanguageModel reference, Optional<TextTokenizer> tokenizer);

    /**
     * Evaluation tokens and where they came from.
     *
     * @param tokens     the token ids
     * @param provenance one line for the report, e.g. {@code embedded:default, 2048 tokens from offset 0}
     */
    record Dataset(int[] tokens, String provenance) {
    }
}
