package dev.attnlab.harness.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cTokenizerTest {

    /** A token of a test vocabulary: its text and merge score. */
    record Piece(String text, float score) {
    }

    /**
     * llama2.c's layout: ids 0..2 special, 3..258 the byte tokens, then single characters (score 0) and
     * merges whose scores rank them: "he" first, then "ll", "llo", "hello", " hello".
     */
    static List<Piece> vocabulary() {
        List<Piece> v = new ArrayList<>();
        v.add(new Piece("<unk>", 0));
        v.add(new Piece("\n<s>\n", 0));
        v.add(new Piece("\n</s>\n", 0));
        for (int b = 0; b < 256; b++) {
            v.add(new Piece(String.format("<0x%02X>", b), 0));
        }
        for (String c : List.of(" ", "h", "e", "l", "o", "w", "r", "d", "!")) {
            v.add(new Piece(c, -100));
        }
        v.add(new Piece("he", -1));
        v.add(new Piece("ll", -2));
        v.add(new Piece("llo", -3));
        v.add(new Piece("hello", -4));
        v.add(new Piece(" hello", -5));
        v.add(new Piece(" w", -6));
        v.add(new Piece("or", -7));
        v.add(new Piece(" wor", -8));
        return v;
    }

    static byte[] tokenizerBin(int maxTokenLength, List<Piece> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        out.writeBytes(four.putInt(0, maxTokenLength).array());
        for (Piece p : pieces) {
            byte[] bytes = p.text().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(four.putFloat(0, p.score()).array());
            out.writeBytes(four.putInt(0, bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @TempDir
    Path dir;

    private Llama2cTokenizer load(List<Piece> pieces) throws IOException {
        Path file = dir.resolve("tokenizer.bin");
        Files.write(file, tokenizerBin(6, pieces));
        return Llama2cTokenizer.load(file);
    }

    private static int id(String text) {
        List<Piece> v = vocabulary();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).text().equals(text)) {
                return i;
            }
        }
        throw new AssertionError(text);
    }

    @Test
    void readsEveryTokenWithItsScoreAndTheHeader() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        assertThat(tok.vocabSize()).isEqualTo(vocabulary().size());
        assertThat(tok.maxTokenLength()).isEqualTo(6);
        assertThat(tok.score(id("llo"))).isEqualTo(-3f);
        assertThat(new String(tok.pieceBytes(id(" hello")), StandardCharsets.UTF_8)).isEqualTo(" hello");
        assertThat(tok.bosToken()).isEqualTo(1);
        assertThat(tok.eosToken()).isEqualTo(2);
        assertThat(tok.name()).isEqualTo("tokenizer.bin");
    }

    @Test
    void mergesByScoreUpToTheLongestTokenAfterTheDummyPrefix() throws IOException {
        // " hello": he (-1), ll (-2), llo (-3), hello (-4), then " " + "hello" (-5): one 6-byte token,
        // the file's max_token_length.
        Llama2cTokenizer tok = load(vocabulary());
        assertThat(tok.encode("hello")).containsExactly(id(" hello"));
        assertThat(tok.encode("hello world")).containsExactly(id(" hello"), id(" wor"), id("l"), id("d"));
    }

    @Test
    void equalScoresMergeLeftmostFirst() throws IOException {
        // "lll": both pairs are "ll" with the same score; run.c takes the first it finds.
        Llama2cTokenizer tok = load(vocabulary());
        assertThat(tok.encode("lll")).containsExactly(id(" "), id("ll"), id("l"));
    }

    @Test
    void addsBosAndEosOnlyWhenAsked() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        assertThat(tok.encode("hello", true, true)).containsExactly(1, id(" hello"), 2);
        assertThat(tok.encode("hello", false, false)).containsExactly(id(" hello"));
        assertThat(tok.encode("", true, false)).containsExactly(1);
    }

    @Test
    void emptyTextHasNoTokensNotEvenTheDummyPrefix() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        assertThat(tok.encode("")).isEmpty();
        assertThat(tok.decode(new int[0])).isEmpty();
    }

    @Test
    void unknownCharactersFallBackToTheirUtf8Bytes() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        // é is C3 A9 in UTF-8; the byte tokens <0xC3> <0xA9> have ids 3 + 0xC3 and 3 + 0xA9.
        assertThat(tok.encode("hé")).containsExactly(id(" "), id("h"), 3 + 0xC3, 3 + 0xA9);
        assertThat(tok.decode(tok.encode("hé"))).isEqualTo("hé");
    }

    @Test
    void decodeDropsTheLeadingSpaceAtTheStartAndAfterBosButNotElsewhere() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        assertThat(tok.decode(new int[] {id(" hello"), id(" hello")})).isEqualTo("hello hello");
        assertThat(tok.decode(new int[] {1, id(" hello"), 2, 1, id(" hello")})).isEqualTo("hellohello");
        assertThat(tok.decode(new int[] {id("h"), id(" hello")})).isEqualTo("h hello");
    }

    @Test
    void roundTripsRandomTextIncludingCharactersOutsideTheVocabulary() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        Random random = new Random(7);
        String alphabet = "helowrd! \n\tzé☕𝄞";
        for (int trial = 0; trial < 300; trial++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            assertThat(tok.decode(tok.encode(text.toString()))).as("round trip of \"%s\"", text)
                    .isEqualTo(text.toString());
        }
    }

    @Test
    void heapMergingAgreesWithRunCsQuadraticLoop() throws IOException {
        // The reference below is written from run.c's description: rescan all pairs, merge the best
        // (strictly higher score wins, so ties go left), repeat. Random merge scores make many ties and
        // chains; results must be identical.
        Random random = new Random(11);
        List<Piece> pieces = new ArrayList<>(vocabulary().subList(0, 259));
        String[] chars = {" ", "a", "b", "c"};
        for (String c : chars) {
            pieces.add(new Piece(c, -100));
        }
        for (int i = 0; i < 40; i++) {
            StringBuilder s = new StringBuilder();
            int len = 2 + random.nextInt(4);
            for (int k = 0; k < len; k++) {
                s.append(chars[random.nextInt(chars.length)]);
            }
            if (pieces.stream().noneMatch(p -> p.text().contentEquals(s))) {
                pieces.add(new Piece(s.toString(), -random.nextInt(5)));
            }
        }
        Llama2cTokenizer tok = load(pieces);
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(chars[random.nextInt(chars.length)]);
            }
            assertThat(tok.encode(text.toString())).as("encoding of \"%s\"", text)
                    .containsExactly(quadraticReference(pieces, text.toString()));
        }
    }

    /** run.c's encode loop for ASCII text whose characters are all tokens. */
    private static int[] quadraticReference(List<Piece> pieces, String text) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            ids.putIfAbsent(pieces.get(i).text(), i);
        }
        List<Integer> tokens = new ArrayList<>();
        tokens.add(ids.get(" "));
        for (char c : text.toCharArray()) {
            tokens.add(ids.get(String.valueOf(c)));
        }
        while (true) {
            float bestScore = -1e10f;
            int bestId = -1;
            int bestIndex = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Integer merged = ids.get(pieces.get(tokens.get(i)).text() + pieces.get(tokens.get(i + 1)).text());
                if (merged != null && pieces.get(merged).score() > bestScore) {
                    bestScore = pieces.get(merged).score();
                    bestId = merged;
                    bestIndex = i;
                }
            }
            if (bestIndex < 0) {
                break;
            }
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void truncatedFileErrorNamesTheFileAndTheToken() throws IOException {
        byte[] full = tokenizerBin(6, vocabulary());
        Path file = dir.resolve("cut.bin");
        Files.write(file, Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> Llama2cTokenizer.load(file)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(file.toAbsolutePath().toString()).hasMessageContaining("truncated")
                .hasMessageContaining("token " + (vocabulary().size() - 1));
    }

    @Test
    void tokenLongerThanTheDeclaredMaximumIsRejected() throws IOException {
        Path file = dir.resolve("long.bin");
        Files.write(file, tokenizerBin(5, vocabulary()));
        assertThatThrownBy(() -> Llama2cTokenizer.load(file)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("token 2 ").hasMessageContaining("length 6, expected 0..5"); // "\n</s>\n"
    }

    @Test
    void fileTooShortForTheHeaderOrWithAnImplausibleHeaderIsRejected() throws IOException {
        Path tiny = dir.resolve("tiny.bin");
        Files.write(tiny, new byte[] {1, 2});
        assertThatThrownBy(() -> Llama2cTokenizer.load(tiny)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(tiny.toAbsolutePath().toString()).hasMessageContaining("4-byte header");
        Path checkpoint = dir.resolve("model.bin");
        Files.write(checkpoint, tokenizerBin(-64, vocabulary()));
        assertThatThrownBy(() -> Llama2cTokenizer.load(checkpoint)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("max_token_length -64");
    }

    @Test
    void sentencePieceProtobufIsRecognisedAndExplained() throws IOException {
        Path model = dir.resolve("tokenizer.model");
        Files.write(model, new byte[] {0x0A, 0x0B, 0x0A, 0x05, '<', 'u', 'n', 'k', '>'});
        assertThatThrownBy(() -> Llama2cTokenizer.load(model)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("SentencePiece").hasMessageContaining("tokenizer.py");
    }

    @Test
    void missingFileErrorNamesThePath() {
        Path missing = dir.resolve("absent.bin");
        assertThatThrownBy(() -> Llama2cTokenizer.load(missing)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void vocabularyWithoutByteTokensUsesUnkForUnknownCharacters() throws IOException {
        List<Piece> small = new ArrayList<>(vocabulary().subList(0, 3));
        small.add(new Piece(" ", 0));
        small.add(new Piece("a", 0));
        Llama2cTokenizer tok = load(small);
        assertThat(tok.encode("aé")).containsExactly(3, 4, 0, 0);
    }

    @Test
    void decodeRejectsIdsOutsideTheVocabulary() throws IOException {
        Llama2cTokenizer tok = load(vocabulary());
        assertThatThrownBy(() -> tok.decode(new int[] {-1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token id -1");
    }
}
