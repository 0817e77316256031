package dev.attnlab.harness.experiment;

import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.EvaluationContext;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import dev.attnlab.harness.config.Experiment;
import java.util.Optional;

/**
 * Where the runner gets its models and tokenizer. The harness binds it to the checkpoint loader and the
 * ONNX Runtime (load the checkpoint's definition once, then one runtime model per strategy); tests bind
 * it to fakes. Models returned here are owned and closed by the runner.
 */
public interface ModelProvider {

    /** The experiment's checkpoint with full attention in every layer. */
    LanguageModel reference(Experiment experiment);

    /**
     * The same checkpoint with {@code strategy} in every layer.
     *
     * @throws RuntimeException with a message naming the method when it cannot be built; the runner then
     *         records that method as failed and goes on with the others
     */
    LanguageModel withStrategy(Experiment experiment, AttentionStrategy strategy, Settings settings);

    /**
     * The model with {@code strategy}, its trained parameters read from {@code parameters} (a safetensors
     * file laid over the checkpoint's weights) when given.
     */
    default LanguageModel withStrategy(Experiment experiment, AttentionStrategy strategy, Settings settings,
                                       java.util.Optional<java.nio.file.Path> parameters) {
        if (parameters.isPresent()) {
            throw new UnsupportedOperationException("this model provider cannot load trained parameters ("
                    + parameters.get() + ")");
        }
        return withStrategy(experiment, strategy, settings);
    }

    /**
     * Models of other context limits for sweeps (the scaling evaluator): {@code strategy} null means full
     * attention. Empty when the binding cannot make them.
     */
    Optional<EvaluationContext.ModelFactory> factory(Experiment experiment, AttentionStrategy strategy, Settings settings);

    /** The experiment's tokenizer, empty for token-level work. */
    Optional<TextTokenizer> tokenizer(Experiment experiment);
}
