package dev.attnlab.truncation.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attnlab.api.eval.Progress;
import dev.attnlab.truncation.dictionary.FakeAttentionModel.Head;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictionaryBuilderTest {

    @TempDir
    Path dir;

    private static FakeAttentionModel weightedAndUniform() {
        return FakeAttentionModel.of("abc123", 8, 64, new double[] {1, 1, 3}, 2, List.of(Head.WEIGHTED, Head.UNIFORM));
    }

    @Test
    void dictionaryValuesEqualHandComputedAverages() {
        // Corpus [1, 2, 2, 1, 3], window 2: windows [1, 2] and [2, 1]; the trailing 3 is not a full window.
        // Per position (see ReceivedAttentionTest for the arithmetic):
        //   [1, 2]: token 1 -> 11/16, token 2 -> 5/8
        //   [2, 1]: weighted q1 -> [3/4, 1/4]; token 2 -> ((1 + 3/4)/2 + 3/4)/2 = 13/16, token 1 -> (1/4 + 1/2)/2 = 3/8
        // token 1: (11/16 + 3/8) / 2 = 17/32; token 2: (5/8 + 13/16) / 2 = 23/32; global: (17 + 23) / 64 = 5/8.
        // All values are dyadic, so float attention and double sums represent them exactly.
        Path file = dir.resolve("d.txt");
        AttentionDictionary d = new DictionaryBuilder(weightedAndUniform(), "token-level",
                new DictionaryBuilder.Options(2, 0, 8), Progress.NONE).buildInto(new int[] {1, 2, 2, 1, 3}, "test", file);

        assertThat(d.mean(1)).isCloseTo(17.0 / 32, within(1e-15));
        assertThat(d.mean(2)).isCloseTo(23.0 / 32, within(1e-15));
        assertThat(d.count(1)).isEqualTo(2);
        assertThat(d.count(2)).isEqualTo(2);
        assertThat(d.seen(3)).as("token 3 sits in the unused remainder").isFalse();
        assertThat(d.globalMean()).isCloseTo(5.0 / 8, within(1e-15));
        assertThat(d.header().windows()).isEqualTo(2);
        assertThat(d.header().tokens()).isEqualTo(4);
        assertThat(d.header().distinct()).isEqualTo(2);
        assertThat(d.header().modelHash()).isEqualTo("abc123");
        assertThat(DictionaryFile.read(file)).isEqualTo(d);
    }

    @Test
    void resumesAfterAnInterruptionAndEndsWithTheSameDictionaryAsOnePass() {
        int[] corpus = new SplittableRandom(7).ints(43, 0, 8).toArray();
        var options = new DictionaryBuilder.Options(4, 0, 2);
        AttentionDictionary onePass = new DictionaryBuilder(weightedAndUniform(), "token-level", options, Progress.NONE)
                .buildInto(corpus, "test", dir.resolve("one.txt"));

        Path file = dir.resolve("resumed.txt");
        FakeAttentionModel dying = weightedAndUniform().failingAfter(5);
        assertThatThrownBy(() -> new DictionaryBuilder(dying, "token-level", options, Progress.NONE)
                .buildInto(corpus, "test", file)).hasMessageContaining("simulated interruption");
        assertThat(file).doesNotExist();
        assertThat(DictionaryBuilder.checkpointFileFor(file)).exists();

        FakeAttentionModel fresh = weightedAndUniform();
        AttentionDictionary resumed = new DictionaryBuilder(fresh, "token-level", options, Progress.NONE)
                .buildInto(corpus, "test", file);

        assertThat(fresh.calls()).as("10 windows, 4 already checkpointed").hasSize(6);
        assertThat(fresh.calls().get(0)).containsExactly(java.util.Arrays.copyOfRange(corpus, 16, 20));
        assertThat(resumed).isEqualTo(onePass);
        assertThat(DictionaryBuilder.checkpointFileFor(file)).doesNotExist();
    }

    @Test
    void startsOverWhenTheCheckpointBelongsToAnotherCorpus() {
        var options = new DictionaryBuilder.Options(4, 0, 1);
        Path file = dir.resolve("d.txt");
        int[] first = new SplittableRandom(1).ints(20, 0, 8).toArray();
        assertThatThrownBy(() -> new DictionaryBuilder(weightedAndUniform().failingAfter(3), "token-level", options,
                Progress.NONE).buildInto(first, "test", file)).isInstanceOf(IllegalStateException.class);

        int[] second = new SplittableRandom(2).ints(20, 0, 8).toArray();
        FakeAttentionModel model = weightedAndUniform();
        new DictionaryBuilder(model, "token-level", options, Progress.NONE).buildInto(second, "test", file);

        assertThat(model.calls()).hasSize(5);
    }

    @Test
    void reportsProgressAfterEveryWindow() {
        List<String> reports = new ArrayList<>();
        new DictionaryBuilder(weightedAndUniform(), "token-level", new DictionaryBuilder.Options(3, 0, 8),
                (task, done, total) -> reports.add(task + " " + done + "/" + total))
                .buildInto(new int[10], "test", dir.resolve("d.txt"));

        assertThat(reports).containsExactly("attention dictionary d.txt 0/3", "attention dictionary d.txt 1/3",
                "attention dictionary d.txt 2/3", "attention dictionary d.txt 3/3");
    }

    @Test
    void capsTheWindowByTheModelContextAndTheWindowCountByTheOption() {
        FakeAttentionModel model = FakeAttentionModel.of("h", 8, 5, new double[0], 1, List.of(Head.UNIFORM));
        AttentionDictionary d = new DictionaryBuilder(model, "token-level", new DictionaryBuilder.Options(100, 3, 8),
                Progress.NONE).buildInto(new int[40], "test", dir.resolve("d.txt"));

        assertThat(model.calls()).hasSize(3).allSatisfy(call -> assertThat(call).hasSize(5));
        assertThat(d.header().window()).isEqualTo(5);
        assertThat(d.header().tokens()).isEqualTo(15);
    }

    @Test
    void rejectsAnEmptyCorpusNamingTheDictionaryAndTheFix() {
        assertThatThrownBy(() -> new DictionaryBuilder(weightedAndUniform(), "token-level",
                new DictionaryBuilder.Options(4, 0, 8), Progress.NONE).buildInto(new int[0], "test", dir.resolve("d.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d.txt").hasMessageContaining("empty corpus").hasMessageContaining("'dictionary'");
    }

    @Test
    void rejectsCorpusTokensOutsideTheVocabulary() {
        assertThatThrownBy(() -> new DictionaryBuilder(weightedAndUniform(), "token-level",
                new DictionaryBuilder.Options(2, 0, 8), Progress.NONE).buildInto(new int[] {1, 9}, "test",
                dir.resolve("d.txt")))
                .hasMessageContaining("corpus position 1 holds token id 9").hasMessageContaining("[0, 8)");
    }

    @Test
    void writesNothingButTheDictionaryWhenDone() throws Exception {
        new DictionaryBuilder(weightedAndUniform(), "token-level", new DictionaryBuilder.Options(2, 0, 1),
                Progress.NONE).buildInto(new int[] {1, 2, 3, 4, 5, 6}, "test", dir.resolve("d.txt"));

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("d.txt");
        }
    }
}
