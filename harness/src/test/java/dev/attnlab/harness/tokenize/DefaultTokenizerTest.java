package dev.attnlab.harness.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultTokenizerTest {

    private final DefaultTokenizer tok = DefaultTokenizer.embedded();

    private int word(String w) {
        return tok.firstWordId() + tok.words().indexOf(w);
    }

    @Test
    void vocabularyHasAFewHundredDistinctTokensWithLlamaStyleSpecialIds() {
        assertThat(tok.vocabSize()).isBetween(200, 1000);
        Set<String> pieces = new HashSet<>();
        for (int id = 0; id < tok.vocabSize(); id++) {
            pieces.add(tok.piece(id));
        }
        assertThat(pieces).hasSize(tok.vocabSize());
        assertThat(tok.piece(0)).isEqualTo("<unk>");
        assertThat(tok.bosToken()).isEqualTo(1);
        assertThat(tok.eosToken()).isEqualTo(2);
        assertThat(tok.name()).isEqualTo("attnlab-default");
    }

    @Test
    void wordsOfEnglishSentencesAreOneTokenEachWithImplicitSpaces() {
        String text = "Mia put the red key in box 17.";
        int[] ids = tok.encode(text);
        assertThat(ids).containsExactly(DefaultTokenizer.CAP, word("mia"), word("put"), word("the"), word("red"),
                word("key"), word("in"), word("box"), tok.encode("1")[0], tok.encode("7")[0], tok.encode(".")[0]);
        assertThat(tok.decode(ids)).isEqualTo(text);
    }

    @Test
    void capitalisationIsMarkedAndMixedCaseIsSpelled() {
        assertThat(tok.encode("MIA")).containsExactly(DefaultTokenizer.UPPER, word("mia"));
        assertThat(tok.decode(tok.encode("MIA"))).isEqualTo("MIA");
        int[] mixed = tok.encode("mIa");
        assertThat(mixed).hasSize(4); // m, <cap>, i, a
        assertThat(tok.decode(mixed)).isEqualTo("mIa");
    }

    @Test
    void unknownWordsAreSpelledLetterByLetterAndRoundTrip() {
        int[] ids = tok.encode("the zebra");
        assertThat(ids).hasSize(6);
        assertThat(ids[0]).isEqualTo(word("the"));
        for (int i = 1; i < ids.length; i++) {
            assertThat(tok.isLetter(ids[i])).isTrue();
        }
        assertThat(tok.decode(ids)).isEqualTo("the zebra");
        assertThat(tok.decode(tok.encode("zebra quagga"))).isEqualTo("zebra quagga");
    }

    @Test
    void unusualSpacingIsKeptWithGlueAndExplicitWhitespace() {
        for (String text : List.of("box7", "box  7", "hello ,world", " leading", "trailing \n", "a\tb\r\nc",
                "(the) [red] {key}", "Mia's key", "x - y", "3.14", "well...", "a b c")) {
            assertThat(tok.decode(tok.encode(text))).as("round trip of \"%s\"", text).isEqualTo(text);
        }
        assertThat(tok.encode("box7")).contains(DefaultTokenizer.GLUE);
    }

    @Test
    void roundTripsRandomAsciiExactly() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(10);
                if (pick < 3) {
                    text.append(tok.words().get(random.nextInt(tok.words().size())));
                } else if (pick < 5) {
                    text.append(' ');
                } else {
                    text.append((char) (32 + random.nextInt(95)));
                }
            }
            String s = text.toString();
            assertThat(tok.decode(tok.encode(s))).as("round trip of \"%s\"", s).isEqualTo(s);
        }
    }

    @Test
    void charactersOutsideAsciiBecomeUnkAndDecodeToTheReplacementCharacter() {
        int[] ids = tok.encode("café ☕!");
        assertThat(ids).contains(0);
        assertThat(tok.decode(ids)).isEqualTo("caf\uFFFD \uFFFD!");
        assertThat(tok.encode("𝄞")).containsExactly(0); // one code point, one <unk>
    }

    @Test
    void emptyTextHasNoTokens() {
        assertThat(tok.encode("")).isEmpty();
        assertThat(tok.decode(new int[0])).isEmpty();
    }

    @Test
    void bosAndEosDecodeToNothingAndRestartSpacing() {
        int[] a = tok.encode("The end.\n");
        int[] b = tok.encode("Mia ran.");
        int[] joined = new int[a.length + b.length + 2];
        joined[0] = 1;
        System.arraycopy(a, 0, joined, 1, a.length);
        joined[a.length + 1] = 1;
        System.arraycopy(b, 0, joined, a.length + 2, b.length);
        assertThat(tok.decode(joined)).isEqualTo("The end.\nMia ran.");
    }

    @Test
    void fingerprintFollowsTheVocabulary() {
        assertThat(tok.fingerprint()).isEqualTo(DefaultTokenizer.embedded().fingerprint()).hasSize(64);
        DefaultTokenizer other = new DefaultTokenizer("other", List.of("mia", "leo"));
        assertThat(other.fingerprint()).isNotEqualTo(tok.fingerprint());
        assertThat(new DefaultTokenizer("swapped", List.of("leo", "mia")).fingerprint())
                .isNotEqualTo(other.fingerprint());
    }

    @Test
    void rejectsDuplicateOrNonLowerCaseWords() {
        assertThatThrownBy(() -> new DefaultTokenizer("t", List.of("mia", "mia")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"mia\"")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new DefaultTokenizer("t", List.of("Mia")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new DefaultTokenizer("t", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two or more");
    }

    @Test
    void decodeRejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> tok.decode(new int[] {tok.vocabSize()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id " + tok.vocabSize());
    }
}
