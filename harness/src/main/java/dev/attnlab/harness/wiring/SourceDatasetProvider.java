package dev.attnlab.harness.wiring;

import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.defaults.DataSources;
import dev.attnlab.harness.defaults.DataTokens;
import dev.attnlab.harness.experiment.DatasetProvider;
import java.util.Optional;

/** The runner's tokens, from the experiment's {@code [data]} table through {@link DataSources}. */
final class SourceDatasetProvider implements DatasetProvider {

    @Override
    public Dataset load(Experiment experiment, LanguageModel reference, Optional<TextTokenizer> tokenizer) {
        DataTokens tokens = DataSources.load(experiment.data(), experiment.file().getParent(), tokenizer.orElse(null),
                reference.info(), () -> reference, experiment.seed());
        return new Dataset(tokens.ids(), tokens.provenance());
    }
}
