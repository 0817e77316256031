package dev.attnlab.harness.train.autocompress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.djl.DjlOps;
import dev.attnlab.harness.lower.djl.DjlParameters;
import dev.attnlab.harness.model.FullAttentionStrategy;
import dev.attnlab.harness.model.GraphOptions;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.ModelDefinition;
import dev.attnlab.harness.model.io.SafetensorsFile;
import dev.attnlab.harness.train.TrainConfig;
import dev.attnlab.harness.train.TrainResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoCompressorTrainerTest {

    private static final LlamaConfig CONFIG = LlamaConfig.llama2c(16, 32, 1, 2, 2, 16, 64, true);
    private static final LlamaModel MODEL = LlamaModel.randomInit(CONFIG, 7);
    private static final int[] CORPUS = TopicCorpus.tokens(4000, 64, CONFIG.vocabSize(), 3, 11);

    private static TrainConfig config(int steps, Path checkpoint) {
        return new TrainConfig(steps, 16, 4, 0.05, 0.0, 0.0, 3, checkpoint, 2);
    }

    @Test
    void trainingLowersTheLossOfLaterSegmentsAndCheckpointsWithMetadata(@TempDir Path dir) {
        AutoCompressorOptions options = AutoCompressorOptions.fixed(2, 8, 8);
        Path checkpoint = dir.resolve("summary.safetensors");
        AutoCompressorTrainer trainer = new AutoCompressorTrainer(Progress.NONE);
        TrainResult result = trainer.train(MODEL, CORPUS, config(24, checkpoint), options);

        FloatTensor trained = result.parameters().get(AutoCompressorOptions.TENSOR);
        assertThat(trained.shape()).containsExactly(2, CONFIG.dim());
        FloatTensor initial = AutoCompressorTrainer.initialEmbeddings(MODEL, 2, options.initNoise(), 3);
        SegmentLosses before = trainer.evaluate(MODEL, initial, CORPUS, 16, 16, 99, options);
        SegmentLosses after = trainer.evaluate(MODEL, trained, CORPUS, 16, 16, 99, options);
        assertThat(after.summary()).as("held-out segment-2 loss after vs before training")
                .isLessThan(before.summary() - 0.05);
        assertThat(after.noContext()).as("the baselines do not depend on the summary tokens")
                .isCloseTo(before.noContext(), within(1e-5));
        assertThat(after.tokens()).isEqualTo(16 * 7);

        SafetensorsFile file = SafetensorsFile.open(checkpoint);
        assertThat(file.read(AutoCompressorOptions.TENSOR)).isEqualTo(trained);
        assertThat(file.metadata()).containsEntry("attnlab.step", "24")
                .containsEntry("attnlab.format", AutoCompressorTrainer.FORMAT)
                .containsEntry("attnlab.model_hash", MODEL.info().contentHash());
    }

    @Test
    void resumesFromItsCheckpointAndRefusesOneForAnotherModel(@TempDir Path dir) {
        AutoCompressorOptions options = AutoCompressorOptions.fixed(2, 8, 8);
        Path checkpoint = dir.resolve("resume.safetensors");
        AutoCompressorTrainer trainer = new AutoCompressorTrainer(Progress.NONE);
        trainer.train(MODEL, CORPUS, config(2, checkpoint), options);
        TrainResult resumed = trainer.train(MODEL, CORPUS, config(4, checkpoint), options);
        assertThat(resumed.firstStep()).isEqualTo(2);
        assertThat(resumed.losses()).hasSize(2);

        LlamaModel other = LlamaModel.randomInit(CONFIG, 8);
        assertThatThrownBy(() -> trainer.train(other, CORPUS, config(6, checkpoint), options))
                .hasMessageContaining("resume.safetensors was trained for model");
    }

    @Test
    void tuningTheBaseTrainsEveryWeightButTheTokenTablesAndTheTunedModelReadsTheSummariesBetter(@TempDir Path dir) {
        AutoCompressorOptions frozen = AutoCompressorOptions.fixed(2, 8, 8);
        AutoCompressorOptions tuning = frozen.withBaseLearningRate(0.01);
        Path checkpoint = dir.resolve("tuned.safetensors");
        AutoCompressorTrainer trainer = new AutoCompressorTrainer(Progress.NONE);
        TrainResult result = trainer.train(MODEL, CORPUS, config(24, checkpoint), tuning);

        Set<String> expected = new java.util.TreeSet<>(MODEL.weights().names());
        expected.removeAll(MODEL.tokenTables());
        expected.add(AutoCompressorOptions.TENSOR);
        assertThat(new java.util.TreeSet<>(result.parameters().keySet())).isEqualTo(expected);
        String attention = expected.stream().filter(n -> n.contains("q_proj")).findFirst().orElseThrow();
        assertThat(result.parameters().get(attention).data()).as("a tuned weight moved")
                .isNotEqualTo(MODEL.weights().get(attention).orElseThrow().data());
        assertThat(SafetensorsFile.open(checkpoint).readAll().keySet()).containsAll(expected);

        ModelDefinition tuned = AutoCompressorTrainer.trainedModel(MODEL, result);
        FloatTensor summaries = result.parameters().get(AutoCompressorOptions.TENSOR);
        SegmentLosses onTuned = trainer.evaluate(tuned, summaries, CORPUS, 16, 16, 99, tuning);
        SegmentLosses frozenRun = trainer.evaluate(MODEL, trainer.train(MODEL, CORPUS, config(24, null), frozen)
                .parameters().get(AutoCompressorOptions.TENSOR), CORPUS, 16, 16, 99, frozen);
        assertThat(onTuned.summary()).as("24 steps tuning the base vs summary tokens alone")
                .isLessThan(frozenRun.summary());

        assertThatThrownBy(() -> trainer.train(MODEL, CORPUS, config(26, checkpoint), frozen))
                .hasMessageContaining("holds tuned base weights but this run keeps the base frozen");
    }

    @Test
    void theKlTermAddsAPositiveDivergenceToTheFirstLoss() {
        AutoCompressorOptions plain = AutoCompressorOptions.fixed(2, 8, 8);
        AutoCompressorOptions withKl = new AutoCompressorOptions(2, new int[] {8, 8}, 0, 0, true, true, 1.0, 0.02);
        AutoCompressorTrainer trainer = new AutoCompressorTrainer(Progress.NONE);
        double ce = trainer.train(MODEL, CORPUS, config(1, null), plain).losses().get(0);
        double both = trainer.train(MODEL, CORPUS, config(1, null), withKl).losses().get(0);
        assertThat(both).as("cross-entropy + KL vs cross-entropy alone, same windows and start")
                .isGreaterThan(ce + 1e-4);
    }

    @Test
    void stopGradientChangesTheUpdateOnlyWhenOlderSummariesAreCarried() {
        AutoCompressorTrainer trainer = new AutoCompressorTrainer(Progress.NONE);
        FloatTensor stopped = trainer.train(MODEL, CORPUS, config(1, null),
                new AutoCompressorOptions(2, new int[] {4, 4, 8}, 0, 0, true, true, 0, 0.02))
                .parameters().get(AutoCompressorOptions.TENSOR);
        FloatTensor through = trainer.train(MODEL, CORPUS, config(1, null),
                new AutoCompressorOptions(2, new int[] {4, 4, 8}, 0, 0, true, false, 0, 0.02))
                .parameters().get(AutoCompressorOptions.TENSOR);
        assertThat(stopped).as("three accumulated segments: the older summaries' gradient path differs")
                .isNotEqualTo(through);
        FloatTensor twoStopped = trainer.train(MODEL, CORPUS, config(1, null),
                new AutoCompressorOptions(2, new int[] {8, 8}, 0, 0, true, true, 0, 0.02))
                .parameters().get(AutoCompressorOptions.TENSOR);
        FloatTensor twoThrough = trainer.train(MODEL, CORPUS, config(1, null),
                new AutoCompressorOptions(2, new int[] {8, 8}, 0, 0, true, false, 0, 0.02))
                .parameters().get(AutoCompressorOptions.TENSOR);
        assertThat(twoStopped.data()).as("two segments: nothing older to detach")
                .containsExactly(twoThrough.data(), within(1e-6f));
    }

    @Test
    void fullContextLossThroughEmbeddingsMatchesTheTokenIdGraph() {
        // Independent reference: the same model run on input_ids (the graph's own Gather) instead of the
        // heap embedding lookup fed as inputs_embeds; the two paths must give the same loss to 1e-4.
        AutoCompressorOptions options = AutoCompressorOptions.fixed(2, 8, 8);
        FloatTensor initial = AutoCompressorTrainer.initialEmbeddings(MODEL, 2, 0.02, 3);
        SegmentLosses losses = new AutoCompressorTrainer(Progress.NONE).evaluate(MODEL, initial, CORPUS, 16, 4, 5,
                options);
        int[] windows = new WindowDraw(CORPUS, 16, 5).windows(0, 4);
        long[] ids = Arrays.stream(windows).asLongStream().toArray();
        long[] positions = new long[16];
        Arrays.setAll(positions, i -> i);
        FullAttentionStrategy full = new FullAttentionStrategy();
        List<LayerAttention> layers = new ArrayList<>();
        layers.add(full.create(MODEL.attentionContext(0), full.configSchema().defaults()));
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
             DjlParameters params = new DjlParameters(root, MODEL.weights());
             DjlOps ops = new DjlOps(root, params)) {
            ops.batch(4).feedLongs("input_ids", ids, 4, 16).feedLongs("positions", positions, 16);
            MODEL.build(ops, layers, GraphOptions.LOGITS_ONLY);
            NDArray logits = ops.output("logits").get(":, 8:15, :");
            double reference = SummaryRollout.crossEntropySum(logits, windows, 4, 16, 9, 7).getFloat() / (4 * 7);
            assertThat(losses.fullContext()).isCloseTo(reference, within(1e-4));
        }
    }

    @Test
    void randomSegmentingCoversTheWindowWithSegmentsOfAtLeastTheMinimumAndIsSeeded() {
        AutoCompressorOptions options = new AutoCompressorOptions(2, null, 3, 4, true, true, 0, 0.02);
        SegmentPlan plan = new SegmentPlan(options, 9);
        for (int step = 0; step < 20; step++) {
            int[] lengths = plan.lengths(32, step);
            assertThat(lengths).hasSize(3);
            assertThat(Arrays.stream(lengths).sum()).isEqualTo(32);
            assertThat(Arrays.stream(lengths).min().orElseThrow()).isGreaterThanOrEqualTo(4);
            assertThat(new SegmentPlan(options, 9).lengths(32, step)).containsExactly(lengths);
        }
        assertThat(plan.lengths(32, 0)).isNotEqualTo(plan.lengths(32, 1));
        assertThatThrownBy(() -> plan.lengths(10, 0)).hasMessageContaining("do not fit a window of 10");
    }

    @Test
    void rejectsExplicitSegmentsThatDoNotSumToTheWindow() {
        AutoCompressorOptions options = AutoCompressorOptions.fixed(2, 8, 4);
        assertThatThrownBy(() -> new AutoCompressorTrainer(Progress.NONE).train(MODEL, CORPUS, config(1, null),
                options)).hasMessageContaining("segments [8, 4] sum to 12 but windows have 16 tokens");
    }

    @Test
    void initialEmbeddingsAreTheMeanTokenEmbeddingPlusSeededNoise() {
        FloatTensor table = MODEL.weights().get("model.embed_tokens.weight").orElseThrow();
        FloatTensor noiseless = AutoCompressorTrainer.initialEmbeddings(MODEL, 3, 0, 1);
        for (int d = 0; d < CONFIG.dim(); d++) {
            double mean = 0;
            for (int t = 0; t < CONFIG.vocabSize(); t++) {
                mean += table.get(t, d) / CONFIG.vocabSize();
            }
            assertThat(noiseless.get(2, d)).isCloseTo((float) mean, within(1e-6f));
        }
        assertThat(AutoCompressorTrainer.initialEmbeddings(MODEL, 3, 0.1, 1))
                .isEqualTo(AutoCompressorTrainer.initialEmbeddings(MODEL, 3, 0.1, 1))
                .isNotEqualTo(AutoCompressorTrainer.initialEmbeddings(MODEL, 3, 0.1, 2));
    }
}
