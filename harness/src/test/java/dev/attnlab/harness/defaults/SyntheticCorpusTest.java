package dev.attnlab.harness.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.harness.tokenize.DefaultTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {

    private static final DefaultTokenizer TOKENIZER = DefaultTokenizer.embedded();
    private static final Pattern PUT = Pattern.compile("(\\w+) put the (\\w+ \\w+) in (\\w+) (\\d+)\\.");
    private static final Pattern PET = Pattern.compile("(\\w+) had a (\\w+) named (\\w+)\\.");
    private static final Pattern CODE = Pattern.compile("The secret code of (\\w+) was (\\d+),");
    private static final Pattern PASSKEY = Pattern.compile("The pass key is (\\d+)\\. Remember it\\.");

    @Test
    void sameSeedGivesTheSameTextAndOtherSeedsOtherText() {
        assertThat(new SyntheticCorpus(42).text(20)).isEqualTo(new SyntheticCorpus(42).text(20));
        assertThat(new SyntheticCorpus(43).text(20)).isNotEqualTo(new SyntheticCorpus(42).text(20));
        assertThat(new SyntheticCorpus(42).document(7)).isEqualTo(new SyntheticCorpus(42).text(8)
                .substring(new SyntheticCorpus(42).text(7).length()));
    }

    @Test
    void everyWordItWritesIsInTheDefaultVocabulary() {
        assertThat(TOKENIZER.words()).containsAll(SyntheticCorpus.grammarWords());
        int[] ids = TOKENIZER.encode(new SyntheticCorpus(1).text(100));
        int spelled = -1;
        for (int i = 0; i + 1 < ids.length && spelled < 0; i++) {
            spelled = TOKENIZER.isLetter(ids[i]) && TOKENIZER.isLetter(ids[i + 1]) ? i : -1;
        }
        assertThat(spelled).as("first token of a word spelled letter by letter (-1: none)").isEqualTo(-1);
        assertThat(ids).doesNotContain(0, 3); // no <unk>, no <glue>: the text follows the spacing rule
    }

    @Test
    void defaultTokenizerRoundTripsTheGeneratedText() {
        String text = new SyntheticCorpus(5).text(60);
        assertThat(TOKENIZER.decode(TOKENIZER.encode(text))).isEqualTo(text);
    }

    @Test
    void factsAreRecalledWordForWordLaterInTheSameDocument() {
        SyntheticCorpus corpus = new SyntheticCorpus(9);
        int facts = 0;
        List<Integer> distances = new ArrayList<>();
        for (int d = 0; d < 120; d++) {
            String doc = corpus.document(d);
            Matcher put = PUT.matcher(doc);
            while (put.find()) {
                String recall = "opened " + put.group(3) + " " + put.group(4) + " and found the " + put.group(2);
                String remembered = "the " + put.group(2) + " was in " + put.group(3) + " " + put.group(4);
                int at = Math.max(doc.indexOf(recall, put.end()), doc.indexOf(remembered, put.end()));
                assertThat(at).as("recall of \"%s\" in document %d", put.group(), d).isPositive();
                distances.add(tokensBetween(doc, put.end(), at));
                facts++;
            }
            Matcher pet = PET.matcher(doc);
            while (pet.find()) {
                assertThat(doc.indexOf(pet.group(1) + " called " + pet.group(3) + ", and the " + pet.group(2),
                        pet.end())).as("recall of \"%s\"", pet.group()).isPositive();
                facts++;
            }
            Matcher code = CODE.matcher(doc);
            while (code.find()) {
                assertThat(doc.indexOf("typed the secret code " + code.group(2), code.end()))
                        .as("recall of \"%s\"", code.group()).isPositive();
                facts++;
            }
        }
        assertThat(facts).isGreaterThan(120);
        // Long range: many recalls sit hundreds of tokens after their fact, some close by.
        assertThat(distances.stream().filter(t -> t >= 300).count()).isGreaterThan(distances.size() / 3);
        assertThat(distances.stream().filter(t -> t < 100).count()).isPositive();
        assertThat(distances.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1000);
    }

    @Test
    void passKeyTextsAskForTheNumberTheyHid() {
        SyntheticCorpus corpus = new SyntheticCorpus(2);
        int found = 0;
        for (int d = 0; d < 200; d++) {
            String doc = corpus.document(d);
            Matcher key = PASSKEY.matcher(doc);
            if (key.find()) {
                assertThat(doc).endsWith("What is the pass key? The pass key is " + key.group(1) + ".\n");
                found++;
            }
        }
        assertThat(found).isBetween(10, 50); // one document in eight
    }

    @Test
    void tokensAreExactlyTheRequestedCountWithBosBeforeEachDocument() {
        SyntheticCorpus corpus = new SyntheticCorpus(3);
        int[] ids = corpus.tokens(TOKENIZER, 5000);
        assertThat(ids).hasSize(5000);
        assertThat(ids[0]).isEqualTo(TOKENIZER.bosToken());
        int[] first = TOKENIZER.encode(corpus.document(0));
        assertThat(java.util.Arrays.copyOfRange(ids, 1, 1 + first.length)).containsExactly(first);
        assertThat(ids[1 + first.length]).isEqualTo(TOKENIZER.bosToken());
        String text = corpus.textForTokens(TOKENIZER, 5000);
        assertThat(text).startsWith(corpus.document(0));
        assertThat(TOKENIZER.encode(text).length).isGreaterThanOrEqualTo(5000 - 40); // minus the BOS tokens
    }

    private static int tokensBetween(String doc, int from, int to) {
        return TOKENIZER.encode(doc.substring(from, to)).length;
    }
}
