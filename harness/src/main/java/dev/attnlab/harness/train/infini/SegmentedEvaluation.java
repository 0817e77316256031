package dev.attnlab.harness.train.infini;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.WeightStore;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a method against full attention on whole windows, the method under the segment contract
 * ({@link SegmentedForward}) with its parameters from {@code weights} (e.g. calibrated or trained gates laid
 * over the model's weights), the reference in one pass. Means are over every position of every window.
 */
final class SegmentedEvaluation {

    private SegmentedEvaluation() {
    }

    static WindowScores score(ModelDefinition model, List<LayerAttention> method, WeightStore weights, long[] windows,
                              int length, int batch) {
        List<LayerAttention> full = StrategyLayers.of(model, new FullAttentionStrategy(), null);
        int count = windows.length / length;
        double kl = 0;
        double methodLoss = 0;
        double fullLoss = 0;
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters params = new DjlParameters(root, weights)) {
            for (int first = 0; first < count; first += batch) {
                int n = Math.min(batch, count - first);
                long[] part = Arrays.copyOfRange(windows, first * length, (first + n) * length);
                try (NDManager m = root.newSubManager();
                     SegmentedForward reference = new SegmentedForward(model, full, params, false);
                     SegmentedForward run = new SegmentedForward(model, method, params, false)) {
                    NDArray p = reference.logits(m, part, n, length);
                    NDArray q = run.logits(m, part, n, length);
                    // weight each batch by its windows so that a short last batch counts for what it holds
                    kl += TokenScores.klDivergence(p, q).getFloat() * n;
                    methodLoss += TokenScores.nextTokenLoss(q, part, n, length).getFloat() * n;
                    fullLoss += TokenScores.nextTokenLoss(p, part, n, length).getFloat() * n;
                }
            }
        }
        return new WindowScores(kl / count, methodLoss / count, fullLoss / count);
    }
}
