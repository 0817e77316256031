package dev.attnlab.harness.wiring;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.ReweightedModel;
import dev.attnlab.harness.model.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model whose weights are the checkpoint's with a strategy's trained parameters laid over them: the
 * strategy finds its parameters by name ({@code TensorOps.parameter}) exactly as in training. A file that
 * would replace a checkpoint weight is refused, since trained strategy parameters never share names with
 * the model's own.
 */
final class TrainedParameters {

    private TrainedParameters() {
    }

    static ModelDefinition load(ModelDefinition base, Path file) {
        Map<String, FloatTensor> trained = SafetensorsFile.open(file).readAll();
        for (String name : base.weights().names()) {
            if (trained.containsKey(name)) {
                throw new IllegalArgumentException("trained parameters " + file + " hold '" + name
                        + "', a weight of the checkpoint itself; strategy parameters have their own names "
                        + "(layers.N.attn....)");
            }
        }
        return ReweightedModel.overlay(base, trained, file.toString());
    }
}
