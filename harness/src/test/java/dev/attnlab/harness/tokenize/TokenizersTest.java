package dev.attnlab.harness.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.attnlab.api.model.ModelInfo;
import dev.attnlab.api.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {

    @TempDir
    Path dir;

    private static ModelInfo model(String name, int vocab) {
        return new ModelInfo(name, "llama", vocab, 512, 2, 2, 2, 16, "hash", 1, 2);
    }

    @Test
    void embeddedDefaultIsAttnlabsOwnTokenizer() {
        assertThat(Tokenizers.load("embedded:default", dir)).isInstanceOf(DefaultTokenizer.class);
    }

    @Test
    void rejectsUnknownEmbeddedTokenizerWithTheAllowedValue() {
        assertThatThrownBy(() -> Tokenizers.load("embedded:gpt4", dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("embedded:gpt4").hasMessageContaining("embedded:default");
    }

    @Test
    void missingFileErrorNamesTheResolvedPath() {
        assertThatThrownBy(() -> Tokenizers.load("sub/../tok512.bin", dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(dir.resolve("tok512.bin").toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void picksTheFormatByExtensionAndLooksInsideDirectories() throws IOException {
        Files.write(dir.resolve("tok.bin"), Llama2cTokenizerTest.tokenizerBin(6, Llama2cTokenizerTest.vocabulary()));
        Files.write(dir.resolve("tok.model"), Llama2cTokenizerTest.tokenizerBin(6, Llama2cTokenizerTest.vocabulary()));
        Path hf = Files.createDirectories(dir.resolve("hf"));
        Files.writeString(hf.resolve("tokenizer.json"), HuggingFaceTokenizerTest.WORD_LEVEL);
        assertThat(Tokenizers.load("tok.bin", dir)).isInstanceOf(Llama2cTokenizer.class);
        assertThat(Tokenizers.load("tok.model", dir)).isInstanceOf(Llama2cTokenizer.class);
        TextTokenizer json = Tokenizers.load("hf/tokenizer.json", dir);
        assertThat(json).isInstanceOf(HuggingFaceTokenizer.class);
        assertThat(Tokenizers.load("hf", dir).vocabSize()).isEqualTo(json.vocabSize());
    }

    @Test
    void rejectsUnknownExtensionsAndEmptyDirectories() throws IOException {
        Files.writeString(dir.resolve("vocab.txt"), "hello\n");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Tokenizers.load("vocab.txt", dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("unknown format").hasMessageContaining("tokenizer.json");
        assertThatThrownBy(() -> Tokenizers.load("empty", dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(dir.resolve("empty").toString());
        assertThatThrownBy(() -> Tokenizers.load(" ", dir)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void vocabularySizeMismatchNamesBothSizes() {
        TextTokenizer tok = DefaultTokenizer.embedded();
        int n = tok.vocabSize();
        assertThatNoException().isThrownBy(() -> Tokenizers.checkMatches(tok, model("m", n)));
        assertThatThrownBy(() -> Tokenizers.checkMatches(tok, model("stories260K", 512)))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("tokenizer attnlab-default has " + n + " tokens but model stories260K has 512");
        assertThatThrownBy(() -> Tokenizers.checkMatches(tok, model("small", n - 1)))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("but model small has " + (n - 1));
    }

    /** A distinct lower-case word for every {@code i}: its base-26 digits as letters. */
    private static String letters(int i) {
        StringBuilder word = new StringBuilder("w");
        do {
            word.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return word.toString();
    }

    @Test
    void acceptsAFewPaddingRowsInTheModelButNoMore() {
        int builtIn = DefaultTokenizer.embedded().firstWordId();
        TextTokenizer gpt2Like = new DefaultTokenizer("wide",
                IntStream.range(0, 50257 - builtIn).mapToObj(TokenizersTest::letters).toList());
        assertThat(gpt2Like.vocabSize()).isEqualTo(50257);
        assertThatNoException().isThrownBy(() -> Tokenizers.checkMatches(gpt2Like, model("gpt2-padded", 50304)));
        assertThatThrownBy(() -> Tokenizers.checkMatches(gpt2Like, model("too-wide", 51000)))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("but model too-wide has 51000");
    }
}
