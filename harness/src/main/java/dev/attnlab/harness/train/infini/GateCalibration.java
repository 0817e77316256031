package dev.attnlab.harness.train.infini;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.ModelDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training-free baseline for Infini-attention's gate: per layer and head, the gate weight
 * {@code w = sigmoid(beta)} that minimises the squared error of the layer's mixed output
 * {@code w A_mem + (1 - w) A_dot} against full attention's output {@code A_full} on the same queries, keys and
 * values, in closed form ({@link GateStatistics}), over calibration windows run under the segment contract.
 *
 * <p>Layer by layer: layer {@code l} is fitted with layers {@code 0..l-1} already at their calibrated gates,
 * so its inputs are those the calibrated method will really give it (one pass over the windows per layer).
 * Every position counts, those of the first segment too, where the memory is empty and the best the gate
 * can do there is stay closed; this is the error of the method as it runs.
 */
public final class GateCalibration {

    /** The gate parameter's name within a layer: {@code layers.<n>.attn.infini.beta}, shape {@code [heads]}. */
    public static final String GATE = "infini.beta";

    private final Progress progress;

    public GateCalibration(Progress progress) {
        this.progress = progress;
    }

    /**
     * Fits every layer's gate.
     *
     * @param windows token ids {@code [count, length]} row-major, run {@code batch} windows at a time
     * @return the gate logits by parameter name, each {@code [heads]}, in layer order
     */
    public Map<String, FloatTensor> calibrate(ModelDefinition model, AttentionStrategy strategy, Settings settings,
                                              long[] windows, int length, int batch) {
        if (length < 1 || windows.length % length != 0) {
            throw new IllegalArgumentException("calibration windows: " + windows.length
                    + " token ids are not a whole number of windows of " + length);
        }
        int count = windows.length / length;
        int layerCount = model.info().layers();
        Map<String, FloatTensor> gates = new LinkedHashMap<>();
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager()) {
            for (int l = 0; l < layerCount; l++) {
                AttentionContext context = model.attentionContext(l);
                String name = context.name(GATE);
                GateStatistics statistics = new GateStatistics(context.heads());
                List<LayerAttention> layers = new ArrayList<>(StrategyLayers.of(model, strategy, settings));
                layers.set(l, new CalibrationProbe(layers.get(l), name, statistics));
                try (DjlParameters params = new DjlParameters(root, SegmentedDistillation.overlay(model.weights(), gates))) {
                    for (int first = 0; first < count; first += batch) {
                        int n = Math.min(batch, count - first);
                        long[] part = Arrays.copyOfRange(windows, first * length, (first + n) * length);
                        try (NDManager pass = root.newSubManager();
                             SegmentedForward forward = new SegmentedForward(model, layers, params, false)) {
                            forward.logits(pass, part, n, length);
                        }
                    }
                    if (!params.trainable().containsKey(name)) {
                        throw new IllegalArgumentException("strategy '" + strategy.id() + "' declared no parameter '"
                                + name + "'; gate calibration fits the Infini-attention gate " + GATE);
                    }
                }
                gates.put(name, new FloatTensor(new long[] {context.heads()}, statistics.betas()));
                progress.report("calibrate gates", l + 1, layerCount);
            }
        }
        return gates;
    }

    /** Writes gates (or any parameters) as safetensors under their parameter names, with a provenance note. */
    public static void save(Path file, Map<String, FloatTensor> gates, String provenance) {
        // step 0: used as a TrainConfig checkpoint, the file starts distillation from the calibrated gates
        SegmentedDistillation.write(file, gates, Map.of("attnlab.step", "0", "attnlab.calibration", provenance));
    }
}
