package dev.attnlab.harness.train;

import dev.attnlab.api.tensor.FloatTensor;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced.
 *
 * @param parameters the trained parameters by name
 * @param losses     the loss of every step run in this call (resumed steps excluded)
 * @param firstStep  the step this call started from (0, or the resumed checkpoint's step)
 */
public record TrainResult(Map<String, FloatTensor> parameters, List<Double> losses, int firstStep) {
}
