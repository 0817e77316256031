package dev.attnlab.harness.train.autocompress;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.ModelDefinition;
import java.util.List;

/**
 * The fact-recall measurement on {@link FactCorpus} documents of two segments: how often the model predicts
 * each recalled value in segment 2 (top-1) and its loss there, when segment 1 reaches it as summary vectors,
 * as another document's summary vectors (control), not at all, or in full.
 */
final class FactRecall {

    /** Accuracy (fraction) and mean NLL (nats) on the recalled values, per context. */
    record Scores(Score summary, Score otherDocument, Score noContext, Score fullContext, int answers) {
    }

    record Score(double accuracy, double loss) {
    }

    private FactRecall() {
    }

    static Scores measure(ModelDefinition model, List<LayerAttention> layers, FloatTensor summaryEmbeddings,
                          FactCorpus.Documents docs, int first, AutoCompressorOptions options, int batch) {
        int length = docs.length();
        int second = length - first;
        int[] lengths = {first, second};
        double[][] sums = new double[4][2];
        int answers = 0;
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters params = new DjlParameters(root, model.weights())) {
            NDArray summary = root.create(summaryEmbeddings.data(), new Shape(summaryEmbeddings.shape()));
            for (int from = 0; from + batch <= docs.count(); from += batch) {
                int[] windows = docs.slice(from, batch);
                try (NDManager m = root.newSubManager()) {
                    SummaryRollout rollout = new SummaryRollout(model, layers, params);
                    NDArray[] logits = {
                        rollout.run(m, windows, batch, length, lengths, summary, options.accumulate(), false, null)
                                .segmentLogits().get(0),
                        rollout.run(m, windows, batch, length, lengths, summary, options.accumulate(), false, null, true)
                                .segmentLogits().get(0),
                        rollout.logits(m, rollout.embeddings(m, windows, batch, length, first, second), batch)
                                .get(":, 0:" + (second - 1) + ", :"),
                        rollout.logits(m, rollout.embeddings(m, windows, batch, length, 0, length), batch)
                                .get(":, " + first + ":" + (length - 1) + ", :")};
                    for (int c = 0; c < logits.length; c++) {
                        float[] logp = logits[c].logSoftmax(-1).toFloatArray();
                        int vocab = (int) logits[c].getShape().get(2);
                        for (int b = 0; b < batch; b++) {
                            for (int position : docs.answers()[from + b]) {
                                int row = (b * (second - 1) + position - first - 1) * vocab;
                                int target = windows[b * length + position];
                                sums[c][0] += argmax(logp, row, vocab) == target ? 1 : 0;
                                sums[c][1] -= logp[row + target];
                            }
                        }
                    }
                    rollout.close();
                }
                for (int b = 0; b < batch; b++) {
                    answers += docs.answers()[from + b].length;
                }
            }
        }
        Score[] scores = new Score[4];
        for (int c = 0; c < 4; c++) {
            scores[c] = new Score(sums[c][0] / answers, sums[c][1] / answers);
        }
        return new Scores(scores[0], scores[1], scores[2], scores[3], answers);
    }

    private static int argmax(float[] values, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
