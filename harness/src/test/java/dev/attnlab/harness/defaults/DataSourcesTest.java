package dev.attnlab.harness.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.model.DecodeSession;
import dev.attnlab.api.model.ForwardRequest;
import dev.attnlab.api.model.ForwardResult;
import dev.attnlab.api.model.GenerationOptions;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.harness.config.DataSpec;
import dev.attnlab.harness.tokenize.DefaultTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {

    private static final DefaultTokenizer TOKENIZER = DefaultTokenizer.embedded();
    private static final ModelInfo INFO = new ModelInfo("tiny", "llama", 512, 16, 1, 1, 1, 8, "h", 1, 2);
    private static final Supplier<LanguageModel> NO_SAMPLER = () -> {
        throw new AssertionError("the model must not be asked for");
    };

    @TempDir
    Path dir;

    /** Stands in for a model: "samples" seeded random ids and records each call. */
    static final class SamplingFake implements LanguageModel {
        final List<GenerationOptions> calls = new ArrayList<>();
        final List<int[]> prompts = new ArrayList<>();

        @Override
        public ModelInfo info() {
            return INFO;
        }

        @Override
        public String methodLabel() {
            return "full";
        }

        @Override
        public ForwardResult forward(ForwardRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DecodeSession newSession() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] generate(int[] prompt, GenerationOptions options) {
            calls.add(options);
            prompts.add(prompt.clone());
            Random random = new Random(options.seed());
            return random.ints(options.maxNewTokens(), 3, INFO.vocabSize()).toArray();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void embeddedDefaultIsTheSyntheticCorpusFromTheOffset() {
        DataTokens data = DataSources.load(new DataSpec("embedded:default", 300, 100), dir, TOKENIZER, INFO,
                NO_SAMPLER, 5);
        assertThat(data.ids()).containsExactly(Arrays.copyOfRange(new SyntheticCorpus(5).tokens(TOKENIZER, 400),
                100, 400));
        assertThat(data.provenance()).contains("seed 5").contains("from token 100").contains("attnlab-default");
    }

    @Test
    void textFileIsTokenizedWithTheModelsTokenizer() throws IOException {
        Files.writeString(dir.resolve("story.txt"), "Mia put the red key in box 7. Later, Mia opened box 7.");
        DataTokens data = DataSources.load(new DataSpec("story.txt", 5, 2), dir, TOKENIZER, INFO, NO_SAMPLER, 0);
        int[] all = TOKENIZER.encode("Mia put the red key in box 7. Later, Mia opened box 7.");
        assertThat(data.ids()).containsExactly(Arrays.copyOfRange(all, 2, 7));
        assertThat(data.provenance()).contains(dir.resolve("story.txt").toString());
    }

    @Test
    void tooShortFileErrorNamesTheFileAndTheCounts() throws IOException {
        Files.writeString(dir.resolve("short.txt"), "the red key");
        assertThatThrownBy(() -> DataSources.load(new DataSpec("short.txt", 10, 1), dir, TOKENIZER, INFO,
                NO_SAMPLER, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("short.txt").toString()).hasMessageContaining("has 3 tokens")
                .hasMessageContaining("offset 1 + tokens 10 = 11");
    }

    @Test
    void missingFileErrorNamesTheResolvedPath() {
        assertThatThrownBy(() -> DataSources.load(new DataSpec("data/none.txt", 10, 0), dir, TOKENIZER, INFO,
                NO_SAMPLER, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("data/none.txt").toString());
    }

    @Test
    void textWithoutATokenizerSaysTheModelIsTokenLevelAndPointsToModelSamples() throws IOException {
        Files.writeString(dir.resolve("story.txt"), "text");
        assertThatThrownBy(() -> DataSources.load(new DataSpec("story.txt", 1, 0), dir, null, INFO, NO_SAMPLER, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiny")
                .hasMessageContaining("token-level").hasMessageContaining("model-samples");
    }

    @Test
    void modelSamplesAreSeededSegmentsThatStartAtBosAndFitTheContext() {
        SamplingFake model = new SamplingFake();
        DataTokens data = DataSources.load(new DataSpec("model-samples", 40, 3), dir, null, INFO, () -> model, 9);
        assertThat(data.size()).isEqualTo(40);
        // 43 ids: segments of BOS + 15 (context 16): BOS at 0, 16, 32; the window starts at 3.
        int[] ids = data.ids();
        assertThat(ids[16 - 3]).isEqualTo(1);
        assertThat(ids[32 - 3]).isEqualTo(1);
        assertThat(model.prompts).allSatisfy(p -> assertThat(p).containsExactly(1));
        assertThat(model.calls).extracting(GenerationOptions::seed).containsExactly(9L, 10L, 11L);
        assertThat(model.calls).extracting(GenerationOptions::maxNewTokens).containsExactly(15, 15, 10);
        assertThat(model.calls).allSatisfy(o -> assertThat(o.temperature()).isEqualTo(1.0));
        int[] again = DataSources.load(new DataSpec("model-samples", 40, 3), dir, null, INFO, SamplingFake::new, 9)
                .ids();
        assertThat(again).containsExactly(ids);
    }

    @Test
    void rejectsNonPositiveTokensAndNegativeOffset() {
        assertThatThrownBy(() -> DataSources.load(new DataSpec("embedded:default", 0, 0), dir, TOKENIZER, INFO,
                NO_SAMPLER, 0)).hasMessageContaining("[data] tokens must be > 0");
        assertThatThrownBy(() -> DataSources.load(new DataSpec("embedded:default", 5, -1), dir, TOKENIZER, INFO,
                NO_SAMPLER, 0)).hasMessageContaining("[data] offset must be >= 0");
    }

    @Test
    void wikiTextIsReadAsProseForAnyTokenizer() throws IOException {
        Path file = Path.of(System.getProperty("attnlab.shared", "../shared"), "assets/data/wikitext-2/test.txt");
        Assumptions.assumeTrue(Files.isRegularFile(file), "WikiText-2 is not at " + file.toAbsolutePath());
        assertThat(WikiText.read(file)).doesNotContain(" @-@ ", " @,@ ", " , ", "\n\n")
                .contains("= Robert <unk> =");
        Path head = dir.resolve("wiki-head.txt"); // the first articles, to keep the test quick
        Files.write(head, Files.readAllLines(file).subList(0, 200));
        String text = WikiText.read(head);
        DataTokens data = DataSources.load(new DataSpec("wikitext:wiki-head.txt", 2000, 0), dir, TOKENIZER, INFO,
                NO_SAMPLER, 0);
        assertThat(TOKENIZER.decode(data.ids())).isEqualTo(TOKENIZER.decode(TOKENIZER.encode(text))
                .substring(0, TOKENIZER.decode(data.ids()).length()));
        assertThat(data.provenance()).startsWith("WikiText ");
    }

    @Test
    void detokenizesWikiTextLines() {
        assertThat(WikiText.detokenize("a guest @-@ starring role , in 1 @,@ 000 ( or 2 @.@ 5 ) , it 's done ."))
                .isEqualTo("a guest-starring role, in 1,000 (or 2.5), it's done.");
    }
}
