package dev.attnlab.truncation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.compress.Budget;
import dev.attnlab.api.compress.CompressionContext;
import dev.attnlab.api.config.ConfigException;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.truncation.dictionary.AttentionDictionary;
import dev.attnlab.truncation.dictionary.DictionaryBuilder;
import dev.attnlab.truncation.dictionary.DictionaryException;
import dev.attnlab.truncation.dictionary.DictionaryFile;
import dev.attnlab.truncation.dictionary.DictionaryHeader;
import dev.attnlab.truncation.dictionary.FakeAttentionModel;
import dev.attnlab.truncation.dictionary.FakeAttentionModel.Head;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionTruncationTest {

    private static final int VOCAB = 10;

    @TempDir
    Path dir;

    private final FakeAttentionModel model = FakeAttentionModel.of("model-a", VOCAB, 64, new double[0], 1,
            List.of(Head.UNIFORM));

    /** A dictionary file for {@link #model} whose score of token id i is {@code scores[i]} (NaN = unseen). */
    private Path dictionary(double... scores) {
        double[] means = new double[VOCAB];
        long[] counts = new long[VOCAB];
        double sum = 0;
        long total = 0;
        for (int id = 0; id < scores.length; id++) {
            if (!Double.isNaN(scores[id])) {
                means[id] = scores[id];
                counts[id] = 1;
                sum += scores[id];
                total++;
            }
        }
        var header = new DictionaryHeader(DictionaryFile.FORMAT_VERSION, "fake-model-a", "model-a", VOCAB,
                "token-level", "hand-made", "-", 4, 1, total, (int) total, sum / total);
        Path file = dir.resolve("dict.txt");
        DictionaryFile.write(new AttentionDictionary(header, means, counts), file);
        return file;
    }

    private AttentionTruncator create(Map<String, Object> options) {
        return create(model, new int[0], options);
    }

    private AttentionTruncator create(FakeAttentionModel m, int[] corpus, Map<String, Object> options) {
        var context = new CompressionContext(m, Optional.empty(), corpus, dir, Progress.NONE, 42);
        return new AttentionTruncation().create(context,
                new AttentionTruncation().configSchema().validate(options, "methods[0]"));
    }

    private Map<String, Object> withDictionary(Path file, Object... keyValues) {
        Map<String, Object> options = new HashMap<>();
        options.put("dictionary", file.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put((String) keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    @Test
    void dropsTheLowestScoringTokensAndKeepsTheRestInOrder() {
        //                 id: 0    1    2    3    4    5
        Path file = dictionary(0.5, 0.1, 0.9, 0.3, 0.7, 0.2);
        AttentionTruncator t = create(withDictionary(file));

        int[] kept = t.compress(new int[] {5, 0, 3, 2, 1, 4}, Budget.tokens(3), 0).ids();

        assertThat(kept).containsExactly(0, 2, 4);
    }

    @Test
    void keepsExactlyTheBudgetForEveryLengthAndRatio() {
        Path file = dictionary(0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.4, 0.6, 0.8, 0.05);
        AttentionTruncator t = create(withDictionary(file));
        SplittableRandom random = new SplittableRandom(3);
        for (int length = 0; length <= 40; length++) {
            int[] context = random.ints(length, 0, VOCAB).toArray();
            for (double ratio : new double[] {0.25, 0.5, 0.75, 1.0}) {
                int[] kept = t.compress(context, Budget.ratio(ratio), 0).ids();
                assertThat(kept).as("length %d ratio %s", length, ratio).hasSize(Budget.ratio(ratio).resolve(length));
                assertIsSubsequence(kept, context);
            }
        }
    }

    private static void assertIsSubsequence(int[] kept, int[] context) {
        int j = 0;
        for (int i = 0; i < context.length && j < kept.length; i++) {
            if (context[i] == kept[j]) {
                j++;
            }
        }
        assertThat(j).as("kept tokens appear in the context in the same order").isEqualTo(kept.length);
    }

    @Test
    void handlesEmptyAndOneTokenInputs() {
        AttentionTruncator t = create(withDictionary(dictionary(0.5, 0.1)));

        assertThat(t.compress(new int[0], Budget.ratio(0.5), 0).ids()).isEmpty();
        assertThat(t.compress(new int[] {1}, Budget.ratio(0.5), 0).ids()).containsExactly(1);
        assertThat(t.compress(new int[] {1}, Budget.tokens(0), 0).ids()).isEmpty();
        assertThat(t.compress(new int[] {1}, Budget.tokens(0), 0).length()).isZero();
    }

    @Test
    void neverDropsTheProtectedTailNorTheProtectedSuffixBeforeIt() {
        // token 1 scores lowest, yet the last 1 (call) + 2 (protected_suffix) positions survive
        Path file = dictionary(0.5, 0.1, 0.9);
        AttentionTruncator t = create(withDictionary(file, "protected_suffix", 2L));

        int[] kept = t.compress(new int[] {0, 2, 0, 2, 1, 1, 1}, Budget.tokens(4), 1).ids();

        assertThat(kept).containsExactly(2, 1, 1, 1);
    }

    @Test
    void neverDropsProtectedTokenIdsNorTheModelsSpecialTokens() {
        Path file = dictionary(0.5, 0.1, 0.9, 0.8, 0.01);
        FakeAttentionModel withBos = model.withSpecialTokens(4, -1);
        AttentionTruncator t = create(withBos, new int[0], withDictionary(file, "protected_tokens", List.of(1L)));

        int[] kept = t.compress(new int[] {4, 2, 1, 3, 0, 2}, Budget.tokens(3), 0).ids();

        assertThat(kept).as("BOS (4) and protected id 1, then the latest of the best other token").containsExactly(4, 1, 2);

        AttentionTruncator unprotected = create(withBos, new int[0], withDictionary(file, "protect_special", false));
        assertThat(unprotected.compress(new int[] {4, 2, 1, 3, 0, 2}, Budget.tokens(3), 0).ids())
                .containsExactly(2, 3, 2);
    }

    @Test
    void rejectsABudgetSmallerThanWhatIsProtected() {
        AttentionTruncator t = create(withDictionary(dictionary(0.5, 0.1), "protected_suffix", 2L,
                "protected_tokens", List.of(0L)));

        assertThatThrownBy(() -> t.compress(new int[] {0, 1, 1, 1, 1, 1}, Budget.tokens(3), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keeps 3 of 6").hasMessageContaining("4 that must survive")
                .hasMessageContaining("protectedTail 1 + protected_suffix 2");
    }

    @Test
    void breaksTiesTowardLaterPositions() {
        AttentionTruncator t = create(withDictionary(dictionary(0.5, 0.1, 0.5)));

        // tokens 0 and 2 both score 0.5: the earlier pair (positions 0, 1) would read [2, 0], the later
        // pair (positions 3, 4) reads [0, 2]
        assertThat(t.compress(new int[] {2, 0, 1, 0, 2, 1}, Budget.tokens(2), 0).ids()).containsExactly(0, 2);
        assertThat(KeepSelection.select(new double[] {1, 1, 1, 1}, new boolean[4], 2)).containsExactly(2, 3);
    }

    @Test
    void headKeepsTheFirstTokensAndTailTheLastAtTheSameBudget() {
        int[] context = {9, 8, 7, 6, 5, 4, 3, 2};

        assertThat(create(Map.of("variant", "head")).compress(context, Budget.ratio(0.5), 0).ids())
                .containsExactly(9, 8, 7, 6);
        assertThat(create(Map.of("variant", "tail")).compress(context, Budget.ratio(0.5), 0).ids())
                .containsExactly(5, 4, 3, 2);
        assertThat(create(Map.of("variant", "head")).compress(context, Budget.ratio(0.5), 2).ids())
                .as("the protected tail survives head truncation too").containsExactly(9, 8, 3, 2);
    }

    @Test
    void randomKeepsAReproducibleOrderedSubsetOfExactlyTheBudget() {
        int[] context = new int[50];
        java.util.Arrays.setAll(context, i -> i % VOCAB);
        AttentionTruncator random = create(Map.of("variant", "random"));

        int[] first = random.compress(context, Budget.tokens(20), 0).ids();
        int[] again = create(Map.of("variant", "random")).compress(context, Budget.tokens(20), 0).ids();

        assertThat(first).hasSize(20).isEqualTo(again);
        assertIsSubsequence(first, context);
        assertThat(first).as("not simply head or tail").isNotEqualTo(java.util.Arrays.copyOf(context, 20))
                .isNotEqualTo(java.util.Arrays.copyOfRange(context, 30, 50));
        var other = new CompressionContext(model, Optional.empty(), new int[0], dir, Progress.NONE, 43);
        int[] otherSeed = new AttentionTruncation().create(other, new AttentionTruncation().configSchema()
                .validate(Map.of("variant", "random"), "m")).compress(context, Budget.tokens(20), 0).ids();
        assertThat(otherSeed).as("another experiment seed picks another subset").isNotEqualTo(first);
    }

    @Test
    void unseenTokensFallBackToTheGlobalMeanZeroOrThePrior() {
        // seen: 0 -> 0.2, 1 -> 0.8 (one occurrence each), global mean 0.5; token 2 is unseen
        Path file = dictionary(0.2, 0.8);
        var s = TruncationSettings.SCHEMA;
        AttentionDictionary d = DictionaryFile.read(file);

        assertThat(new DictionaryScorer(d, UnseenPolicy.GLOBAL_MEAN, 1).scoreOf(2)).isEqualTo(0.5);
        assertThat(new DictionaryScorer(d, UnseenPolicy.ZERO, 1).scoreOf(2)).isEqualTo(0.0);
        DictionaryScorer prior = new DictionaryScorer(d, UnseenPolicy.PRIOR, 1);
        assertThat(prior.scoreOf(2)).isEqualTo(0.5);
        assertThat(prior.scoreOf(0)).as("(0.2 + 1 * 0.5) / (1 + 1)").isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(prior.scoreOf(1)).isCloseTo(0.65, org.assertj.core.api.Assertions.within(1e-15));

        int[] context = {0, 2, 1};
        assertThat(create(withDictionary(file, "unseen", "global-mean")).compress(context, Budget.tokens(2), 0).ids())
                .containsExactly(2, 1);
        assertThat(create(withDictionary(file, "unseen", "zero")).compress(context, Budget.tokens(2), 0).ids())
                .containsExactly(0, 1);
        assertThat(s.option("unseen").orElseThrow().allowed()).containsExactly("global-mean", "zero", "prior");
    }

    @Test
    void inputVariantScoresPositionsByTheModelsAttentionOnThatInput() {
        // One weighted head with w = [1, 6, 1] on the input [0, 1, 2] (hand-computed in ReceivedAttentionTest):
        // received = [71/168, 45/56, 1/8], so a budget of 2 keeps positions 0 and 1, while tail would keep 1, 2.
        FakeAttentionModel weighted = FakeAttentionModel.of("model-w", VOCAB, 64, new double[] {1, 6, 1}, 1,
                List.of(Head.WEIGHTED));
        AttentionTruncator t = create(weighted, new int[0], Map.of("variant", "input"));

        int[] kept = t.compress(new int[] {0, 1, 2}, Budget.tokens(2), 0).ids();

        assertThat(kept).containsExactly(0, 1);
        assertThat(weighted.calls()).hasSize(1);
        assertThat(weighted.calls().get(0)).containsExactly(0, 1, 2);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void inputVariantReadsLongInputsInWindows() {
        FakeAttentionModel weighted = FakeAttentionModel.of("model-w", VOCAB, 64, new double[] {1, 6, 1}, 1,
                List.of(Head.WEIGHTED));
        AttentionTruncator t = create(weighted, new int[0], Map.of("variant", "input", "window", 4L));

        t.compress(new int[10], Budget.tokens(5), 0);

        assertThat(weighted.calls()).extracting(c -> c.length).containsExactly(4, 4, 2);
    }

    @Test
    void mixWeightZeroFollowsTheDictionaryAndOneFollowsTheInput() {
        // dictionary prefers token 2, the input's attention prefers position 1 (token 1)
        Path file = dictionary(0.1, 0.1, 0.9);
        FakeAttentionModel weighted = FakeAttentionModel.of("model-a", VOCAB, 64, new double[] {1, 6, 1}, 1,
                List.of(Head.WEIGHTED));
        int[] context = {0, 1, 2};

        int[] staticSide = create(weighted, new int[0], withDictionary(file, "variant", "mix", "mix_weight", 0.0))
                .compress(context, Budget.tokens(1), 0).ids();
        int[] inputSide = create(weighted, new int[0], withDictionary(file, "variant", "mix", "mix_weight", 1.0))
                .compress(context, Budget.tokens(1), 0).ids();

        assertThat(staticSide).containsExactly(2);
        assertThat(inputSide).containsExactly(1);
    }

    @Test
    void buildsTheDictionaryInTheWorkDirectoryWhenMissingAndReusesIt() throws Exception {
        FakeAttentionModel weighted = FakeAttentionModel.of("model-b", VOCAB, 64, new double[] {1, 1, 5}, 1,
                List.of(Head.WEIGHTED));
        int[] corpus = new SplittableRandom(5).ints(64, 0, VOCAB).toArray();

        AttentionTruncator first = create(weighted, corpus, Map.of("window", 8L));
        assertThat(weighted.calls()).hasSize(8);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .singleElement().asString().startsWith("attention-dictionary-modelb-")
                    .endsWith("-w8-n64.txt")
                    .contains(DictionaryBuilder.corpusSha256(corpus).substring(0, 8));
        }
        int[] kept = first.compress(new int[] {0, 1, 2, 3}, Budget.tokens(1), 0).ids();
        assertThat(kept).as("token 2 weighs 5 times the others").containsExactly(2);

        FakeAttentionModel again = FakeAttentionModel.of("model-b", VOCAB, 64, new double[] {1, 1, 5}, 1,
                List.of(Head.WEIGHTED));
        create(again, corpus, Map.of("window", 8L));
        assertThat(again.calls()).as("the second run loads the file").isEmpty();

        FakeAttentionModel otherCorpus = FakeAttentionModel.of("model-b", VOCAB, 64, new double[] {1, 1, 5}, 1,
                List.of(Head.WEIGHTED));
        create(otherCorpus, java.util.Arrays.copyOf(corpus, 32), Map.of("window", 8L));
        assertThat(otherCorpus.calls()).as("another corpus gets its own dictionary").hasSize(4);
    }

    @Test
    void refusesAnExistingDictionaryOfAnotherModel() {
        Path file = dictionary(0.5, 0.1);
        FakeAttentionModel other = FakeAttentionModel.of("model-z", VOCAB, 64, new double[0], 1, List.of(Head.UNIFORM));

        assertThatThrownBy(() -> create(other, new int[0], withDictionary(file)))
                .isInstanceOf(DictionaryException.class)
                .hasMessageContaining("model-a").hasMessageContaining("model-z").hasMessageContaining(file.toString());
    }

    @Test
    void compressesEveryContextOfABatchWithTheConfiguredBudget() {
        AttentionTruncator t = create(Map.of("variant", "tail", "budget_tokens", 2L));

        int[][] out = t.compressAll(new int[][] {{1, 2, 3}, {}, {4}, {5, 6, 7, 8}}, 0);

        assertThat(out).isDeepEqualTo(new int[][] {{2, 3}, {}, {4}, {7, 8}});
        assertThat(t.configuredBudget()).isEqualTo(Budget.tokens(2));
        assertThat(create(Map.of("variant", "head", "budget", 0.25)).configuredBudget()).isEqualTo(Budget.ratio(0.25));
        assertThatThrownBy(() -> t.compressAll(new int[][] {{1, 2}, {1, 2, 3}}, 3))
                .hasMessageStartingWith("batch item 1:");
    }

    @Test
    void rejectsTokenIdsOutsideTheDictionarysVocabulary() {
        AttentionTruncator t = create(withDictionary(dictionary(0.5, 0.1)));

        assertThatThrownBy(() -> t.compress(new int[] {0, 1, 12}, Budget.tokens(1), 0))
                .hasMessageContaining("position 2 holds token id 12").hasMessageContaining("[0, 10)");
    }

    @Test
    void rejectsAZeroRatioASuffixLargerThanTheBudgetAndUnknownVariants() {
        assertThatThrownBy(() -> create(Map.of("budget", 0.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("methods[0].budget");
        assertThatThrownBy(() -> create(Map.of("variant", "tail", "budget_tokens", 2L, "protected_suffix", 3L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("methods[0].protected_suffix")
                .hasMessageContaining("budget_tokens = 2");
        assertThatThrownBy(() -> create(Map.of("variant", "middle")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("static, input, mix, head, tail, random");
    }
}
