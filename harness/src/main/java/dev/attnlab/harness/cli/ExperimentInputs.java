package dev.attnlab.harness.cli;

import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.harness.config.Experiment;
import dev.attnlab.harness.config.MethodSpec;
import dev.attnlab.harness.experiment.DatasetProvider;
import dev.attnlab.harness.experiment.ModelProvider;

/** What the training commands read from an experiment: one of its methods by label, and its tokens. */
final class ExperimentInputs {

    private ExperimentInputs() {
    }

    /** The method labelled {@code label}, or a usage error that lists the labels there are. */
    static MethodSpec method(Experiment experiment, String label, String config) {
        return experiment.methods().stream().filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new UsageException("no method labelled '" + label + "' in " + config
                        + "; labels: " + experiment.methods().stream().map(MethodSpec::label).toList()));
    }

    /** The tokens of {@code experiment}'s data source (sampling ones come from its reference model). */
    static int[] tokens(ModelProvider models, DatasetProvider data, Experiment experiment) {
        try (LanguageModel reference = models.reference(experiment)) {
            return data.load(experiment, reference, models.tokenizer(experiment)).tokens();
        }
    }
}
