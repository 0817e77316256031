package dev.attnlab.harness.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's Hugging Face tokenizers on tokenizer.json files written here (no Hub access): DJL's jar bundles the
 * linux-x86_64 native library, so these run offline on the module path.
 */
class HuggingFaceTokenizerTest {

    private static final String SPECIALS = """
            "added_tokens": [
              {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": false, "special": true},
              {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": false, "special": true},
              {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false,
               "normalized": false, "special": true}
            ],
            """;

    /** A word-level model: one id per whitespace-separated word or punctuation mark. */
    static final String WORD_LEVEL = "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null,\n" + SPECIALS + """
            "normalizer": null,
            "pre_tokenizer": {"type": "Whitespace"},
            "post_processor": null,
            "decoder": null,
            "model": {"type": "WordLevel", "unk_token": "<unk>",
                      "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "hello": 3, "world": 4, ".": 5, "mia": 6}}
            }
            """;

    /** A byte-pair model whose merges build "hello" in four steps. */
    static final String BPE = "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null,\n" + SPECIALS + """
            "normalizer": null,
            "pre_tokenizer": {"type": "Whitespace"},
            "post_processor": null,
            "decoder": null,
            "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null,
                      "end_of_word_suffix": null, "fuse_unk": false,
                      "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "h": 3, "e": 4, "l": 5, "o": 6, "he": 7, "ll": 8,
                                "hell": 9, "hello": 10},
                      "merges": ["h e", "l l", "he ll", "hell o"]}
            }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    @Test
    void encodesWordsToTheirIdsAndDecodesBack() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThat(tok.encode("hello world.")).containsExactly(3, 4, 5);
            assertThat(tok.decode(new int[] {3, 4, 5})).isEqualTo("hello world .");
            assertThat(tok.name()).isEqualTo("tokenizer.json");
        }
    }

    @Test
    void readsVocabularySizeAndSpecialTokensFromTheJson() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThat(tok.vocabSize()).isEqualTo(7);
            assertThat(tok.bosToken()).isEqualTo(1);
            assertThat(tok.eosToken()).isEqualTo(2);
        }
    }

    @Test
    void tokenizerConfigNextToTheFileDecidesBosAndEos() throws IOException {
        write("tokenizer_config.json", "{\"bos_token\": {\"content\": \"</s>\"}, \"eos_token\": \"<unk>\"}");
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThat(tok.bosToken()).isEqualTo(2);
            assertThat(tok.eosToken()).isEqualTo(0);
        }
    }

    @Test
    void addsNoSpecialTokensAndDecodeLeavesThemOut() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThat(tok.encode("mia")).containsExactly(6);
            assertThat(tok.decode(new int[] {1, 6, 2})).isEqualTo("mia");
        }
    }

    @Test
    void appliesBytePairMergesInOrder() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", BPE))) {
            assertThat(tok.encode("hello")).containsExactly(10);
            assertThat(tok.encode("hell")).containsExactly(9);
            assertThat(tok.encode("oh")).containsExactly(6, 3);
            assertThat(tok.vocabSize()).isEqualTo(11);
        }
    }

    @Test
    void emptyTextHasNoTokensAndUnknownWordsBecomeUnk() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThat(tok.encode("")).isEmpty();
            assertThat(tok.decode(new int[0])).isEmpty();
            assertThat(tok.encode("hello zebra")).containsExactly(3, 0);
        }
    }

    @Test
    void longTextIsNeitherTruncatedNorPadded() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThat(tok.encode("hello world ".repeat(3000))).hasSize(6000);
        }
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() throws IOException {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(write("tokenizer.json", WORD_LEVEL))) {
            assertThatThrownBy(() -> tok.decode(new int[] {7})).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token id 7").hasMessageContaining("ids 0..6");
        }
    }

    @Test
    void missingFileErrorNamesThePath() {
        Path missing = dir.resolve("nope/tokenizer.json");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(missing)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("does not exist");
    }

    @Test
    void malformedJsonErrorNamesTheFile() throws IOException {
        Path bad = write("broken.json", "{\"model\": {\"vocab\": ");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(bad)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("not valid JSON");
    }

    @Test
    void jsonThatIsNotATokenizerIsRejectedWithTheFileName() throws IOException {
        Path config = write("config.json", "{\"model_type\": \"llama\"}");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(config)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(config.toString()).hasMessageContaining("no model.vocab");
    }

    @Test
    void modelTypeTheLibraryRejectsIsReportedWithTheFileName() throws IOException {
        Path odd = write("odd.json", WORD_LEVEL.replace("\"WordLevel\"", "\"NoSuchModel\""));
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(odd)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(odd.toString()).hasMessageContaining("rejected");
    }
}
