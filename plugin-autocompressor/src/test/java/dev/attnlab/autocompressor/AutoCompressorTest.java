package dev.attnlab.autocompressor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.compress.CompressedContext;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compressor against {@link FakeModel}, whose hidden states have a closed form: every expected
 * vector below is recomputed independently by replaying the method on plain arrays.
 */
class AutoCompressorTest {

    private static final int KAPPA = 2;
    private static final float[] SUMMARY_TOKENS = {0.25f, -1f, 2f, 1.5f, 0.5f, -0.75f};

    @TempDir
    Path dir;

    private SummaryCompressor compressor(FakeModel model, Map<String, Object> options) throws IOException {
        Path file = TestFiles.writeF32(dir.resolve("summary.safetensors"), AutoCompressorSettings.TENSOR, KAPPA,
                FakeModel.DIM, SUMMARY_TOKENS);
        Map<String, Object> raw = new java.util.HashMap<>(options);
        raw.put("summary_vectors", (long) KAPPA);
        raw.put("embeddings", file.toString());
        Settings settings = AutoCompressorSettings.SCHEMA.validate(raw, "methods[0]");
        return new AutoCompressor().create(context(model), settings);
    }

    private CompressionContext context(FakeModel model) {
        return new CompressionContext(model, Optional.empty(), new int[0], dir, Progress.NONE, 1);
    }

    /** Replays the method on arrays: the summaries of each segment, from the fake's closed form. */
    private static List<float[][]> expectedSummaries(int[] tokens, int[] lengths, boolean accumulate) {
        List<float[]> carried = new ArrayList<>();
        List<float[][]> perSegment = new ArrayList<>();
        int start = 0;
        for (int length : lengths) {
            List<float[]> prompt = new ArrayList<>(carried);
            for (int i = start; i < start + length; i++) {
                prompt.add(FakeModel.embedding(tokens[i]));
            }
            for (int k = 0; k < KAPPA; k++) {
                prompt.add(Arrays.copyOfRange(SUMMARY_TOKENS, k * FakeModel.DIM, (k + 1) * FakeModel.DIM));
            }
            float[][] hidden = FakeModel.hidden(prompt.toArray(new float[0][]));
            float[][] fresh = Arrays.copyOfRange(hidden, hidden.length - KAPPA, hidden.length);
            perSegment.add(fresh);
            if (!accumulate) {
                carried.clear();
            }
            carried.addAll(List.of(fresh));
            start += length;
        }
        return perSegment;
    }

    private static void assertRows(FloatTensor actual, int firstRow, float[][] expected) {
        for (int r = 0; r < expected.length; r++) {
            assertThat(actual.row(firstRow + r)).as("row %d", firstRow + r)
                    .containsExactly(expected[r], within(1e-5f));
        }
    }

    @Test
    void summaryVectorsAreTheHiddenStatesAtTheSummaryTokenPositions() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = {3, 1, 4, 1, 5};
        CompressedContext out = compressor(model, Map.of("segment_length", 8L))
                .compress(tokens, Budget.tokens(10), 0);

        FloatTensor vectors = ((CompressedContext.SoftPrompt) out).vectors();
        assertThat(vectors.shape()).containsExactly(KAPPA, FakeModel.DIM);
        assertRows(vectors, 0, expectedSummaries(tokens, new int[] {5}, true).get(0));
        assertThat(model.requests).hasSize(1);
        assertThat(model.requests.get(0).hiddenStates()).isTrue();
        assertThat(model.requests.get(0).softPrompt().dim(0)).as("segment + summary tokens").isEqualTo(5 + KAPPA);
    }

    @Test
    void accumulatesEverySegmentsSummariesAndFeedsThemToTheNextSegment() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = {3, 1, 4, 1, 5, 9, 2, 6};
        FloatTensor vectors = ((CompressedContext.SoftPrompt) compressor(model, Map.of("segment_length", 3L))
                .compress(tokens, Budget.tokens(8), 0)).vectors();

        List<float[][]> expected = expectedSummaries(tokens, new int[] {3, 3, 2}, true);
        assertThat(vectors.dim(0)).isEqualTo(3 * KAPPA);
        for (int s = 0; s < 3; s++) {
            assertRows(vectors, s * KAPPA, expected.get(s));
        }
        assertThat(model.requests).extracting(r -> r.softPrompt().dim(0))
                .as("prompt rows: carried summaries + segment + summary tokens")
                .containsExactly(3L + KAPPA, KAPPA + 3L + KAPPA, 2 * KAPPA + 2L + KAPPA);
        assertRows(model.requests.get(1).softPrompt(), 0, expected.get(0));
    }

    @Test
    void withoutAccumulationOnlyTheLastSegmentsSummariesRemainAndAreCarried() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = {3, 1, 4, 1, 5, 9, 2, 6};
        FloatTensor vectors = ((CompressedContext.SoftPrompt) compressor(model,
                Map.of("segment_length", 3L, "accumulate", false)).compress(tokens, Budget.tokens(8), 0)).vectors();

        List<float[][]> expected = expectedSummaries(tokens, new int[] {3, 3, 2}, false);
        assertThat(vectors.dim(0)).isEqualTo(KAPPA);
        assertRows(vectors, 0, expected.get(2));
        assertThat(model.requests).extracting(r -> r.softPrompt().dim(0))
                .containsExactly(3L + KAPPA, KAPPA + 3L + KAPPA, KAPPA + 2L + KAPPA);
    }

    @Test
    void protectedTailFollowsTheSummariesAsItsOwnTokenEmbeddings() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = {3, 1, 4, 1, 5, 9, 2};
        FloatTensor vectors = ((CompressedContext.SoftPrompt) compressor(model, Map.of("segment_length", 5L))
                .compress(tokens, Budget.tokens(4), 2)).vectors();

        assertThat(vectors.dim(0)).isEqualTo(KAPPA + 2);
        assertRows(vectors, 0, expectedSummaries(tokens, new int[] {5}, true).get(0));
        assertRows(vectors, KAPPA, new float[][] {FakeModel.embedding(9), FakeModel.embedding(2)});
    }

    @Test
    void explicitSegmentLengthsAreUsedInOrderAndTheLastOneRepeats() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = new int[10];
        Arrays.fill(tokens, 7);
        compressor(model, Map.of("segments", List.of(1L, 4L), "accumulate", false))
                .compress(tokens, Budget.tokens(10), 0);
        assertThat(model.requests).extracting(r -> r.softPrompt().dim(0) - KAPPA)
                .as("carried summaries + segment length")
                .containsExactly(1L, KAPPA + 4L, KAPPA + 4L, KAPPA + 1L);
    }

    @Test
    void aBudgetTooSmallForAllSegmentsKeepsTheNewestSummaries() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = {3, 1, 4, 1, 5, 9, 2, 6, 5};
        FloatTensor vectors = ((CompressedContext.SoftPrompt) compressor(model, Map.of("segment_length", 3L))
                .compress(tokens, Budget.tokens(2 * KAPPA + 1), 1)).vectors();

        List<float[][]> expected = expectedSummaries(tokens, new int[] {3, 3, 2}, true);
        assertThat(vectors.dim(0)).isEqualTo(2 * KAPPA + 1);
        assertRows(vectors, 0, expected.get(1));
        assertRows(vectors, KAPPA, expected.get(2));
        assertRows(vectors, 2 * KAPPA, new float[][] {FakeModel.embedding(5)});
    }

    @Test
    void keepTokensPassesTheLastTokensAsTheirEmbeddingsAfterTheSummariesOfTheRest() throws IOException {
        FakeModel model = new FakeModel(64);
        int[] tokens = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        FloatTensor vectors = ((CompressedContext.SoftPrompt) compressor(model, Map.of("segment_length", 3L,
                "keep_tokens", 4L)).compress(tokens, Budget.ratio(1.0), 1)).vectors();

        List<float[][]> expected = expectedSummaries(Arrays.copyOf(tokens, 6), new int[] {3, 3}, true);
        assertThat(vectors.dim(0)).isEqualTo(2 * KAPPA + 4);
        assertRows(vectors, 0, expected.get(0));
        assertRows(vectors, KAPPA, expected.get(1));
        assertRows(vectors, 2 * KAPPA, new float[][] {FakeModel.embedding(2), FakeModel.embedding(6),
                FakeModel.embedding(5), FakeModel.embedding(3)});
    }

    @Test
    void rejectsABudgetThatCannotHoldOneSummaryBlockBesidesTheTail() throws IOException {
        SummaryCompressor compressor = compressor(new FakeModel(64), Map.of("segment_length", 8L));
        assertThatThrownBy(() -> compressor.compress(new int[] {1, 2, 3, 4}, Budget.tokens(2), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot hold 2 summary vectors");
        assertThatThrownBy(() -> compressor.compress(new int[] {1, 2, 3, 4}, Budget.tokens(1), 2))
                .hasMessageContaining("smaller than the 2 tokens kept as they are");
    }

    @Test
    void aContextTooShortForSummariesButWithinTheBudgetPassesUnchangedWithoutRunningTheModel() throws IOException {
        FakeModel model = new FakeModel(64);
        SummaryCompressor compressor = compressor(model, Map.of("segment_length", 8L));
        CompressedContext one = compressor.compress(new int[] {4}, Budget.ratio(0.5), 0);
        CompressedContext three = compressor.compress(new int[] {4, 5, 6}, Budget.tokens(3), 2);
        assertThat(one).isInstanceOf(CompressedContext.Tokens.class);
        assertThat(((CompressedContext.Tokens) one).ids()).containsExactly(4);
        assertThat(((CompressedContext.Tokens) three).ids()).containsExactly(4, 5, 6);
        assertThat(model.requests).isEmpty();
        assertThat(compressor.compress(new int[] {4, 5, 6}, Budget.tokens(3), 1))
                .as("room for kappa = 2 summaries beside the tail: compressed")
                .isInstanceOf(CompressedContext.SoftPrompt.class);
    }

    @Test
    void anEmptyContextGivesAnEmptySoftPromptWithoutRunningTheModel() throws IOException {
        FakeModel model = new FakeModel(64);
        CompressedContext out = compressor(model, Map.of("segment_length", 8L))
                .compress(new int[0], Budget.tokens(0), 0);
        assertThat(out.length()).isZero();
        assertThat(model.requests).isEmpty();
    }

    @Test
    void refusesAccumulatedSummariesThatOutgrowTheModelsContext() throws IOException {
        SummaryCompressor compressor = compressor(new FakeModel(12), Map.of("segment_length", 4L));
        assertThatThrownBy(() -> compressor.compress(new int[20], Budget.tokens(20), 0))
                .hasMessageContaining("model 'fake' takes 12").hasMessageContaining("accumulate = false");
    }

    @Test
    void missingEmbeddingsNameTheOptionAndHowToTrainThem() {
        Settings settings = AutoCompressorSettings.SCHEMA.validate(Map.of(), "methods[1]");
        assertThatThrownBy(() -> new AutoCompressor().create(context(new FakeModel(64)), settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("methods[1].embeddings")
                .hasMessageContaining("autocompressor.summary_embeddings [20, 3]")
                .hasMessageContaining("train-autocompressor");
        Settings absent = settings.with("embeddings", dir.resolve("nope.safetensors").toString());
        assertThatThrownBy(() -> new AutoCompressor().create(context(new FakeModel(64)), absent))
                .hasMessageContaining("nope.safetensors does not exist");
    }

    @Test
    void rejectsEmbeddingsOfTheWrongShapeNamingFileAndShapes() throws IOException {
        Path file = TestFiles.writeF32(dir.resolve("small.safetensors"), AutoCompressorSettings.TENSOR, 1, 3,
                new float[3]);
        Settings settings = AutoCompressorSettings.SCHEMA.validate(
                Map.of("embeddings", file.toString(), "summary_vectors", 2L), "m");
        assertThatThrownBy(() -> new AutoCompressor().create(context(new FakeModel(64)), settings))
                .hasMessageContaining("small.safetensors").hasMessageContaining("[1, 3]")
                .hasMessageContaining("[2, 3]");
    }

    @Test
    void rejectsSegmentsThatCannotFitTheModel() throws IOException {
        Path file = TestFiles.writeF32(dir.resolve("s.safetensors"), AutoCompressorSettings.TENSOR, KAPPA, 3,
                SUMMARY_TOKENS);
        Settings settings = AutoCompressorSettings.SCHEMA.validate(Map.of("embeddings", file.toString(),
                "summary_vectors", (long) KAPPA, "segment_length", 100L), "m");
        assertThatThrownBy(() -> new AutoCompressor().create(context(new FakeModel(64)), settings))
                .isInstanceOf(ConfigException.class).hasMessageContaining("m.segment_length");
    }
}
