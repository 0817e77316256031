package dev.attnlab.harness.train.autocompress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactCorpusTest {

    private final FactCorpus corpus = new FactCorpus(48, 12, 16, 3);

    @Test
    void everyRecalledValueIsTheOneStatedForItsKeyInTheFirstSegment() {
        FactCorpus.Documents docs = corpus.documents(50, 16, 16, 4);
        assertThat(docs.tokens()).hasSize(50 * 32);
        for (int d = 0; d < docs.count(); d++) {
            int[] doc = docs.slice(d, 1);
            assertThat(doc[0]).isEqualTo(FactCorpus.BOS);
            Map<Integer, Integer> stated = new HashMap<>();
            for (int i = 1; i < 16; i++) {
                if (isKey(doc[i])) {
                    assertThat(stated.put(doc[i], doc[i + 1])).as("keys are distinct within a document").isNull();
                    assertThat(isValue(doc[i + 1])).isTrue();
                }
            }
            assertThat(stated).hasSize(3);
            assertThat(docs.answers()[d]).hasSize(3);
            for (int position : docs.answers()[d]) {
                assertThat(position).isBetween(18, 31);
                assertThat(stated.get(doc[position - 1])).isEqualTo(doc[position]);
            }
            long keysInSecond = java.util.stream.IntStream.range(16, 32).filter(i -> isKey(doc[i])).count();
            assertThat(keysInSecond).as("each key recalled once").isEqualTo(3);
        }
        assertThat(corpus.documents(50, 16, 16, 4).tokens()).as("seeded").isEqualTo(docs.tokens());
    }

    @Test
    void refusesSegmentsTooShortForTheFacts() {
        assertThatThrownBy(() -> corpus.documents(1, 6, 16, 1)).hasMessageContaining("do not fit");
    }

    @Test
    void alignedWindowsStartAtDocumentBoundaries() {
        FactCorpus.Documents docs = corpus.documents(20, 16, 16, 2);
        int[] windows = new WindowDraw(docs.tokens(), 32, 9, 32).windows(3, 10);
        for (int w = 0; w < 10; w++) {
            assertThat(windows[w * 32]).isEqualTo(FactCorpus.BOS);
        }
    }

    private static boolean isKey(int id) {
        return id >= 2 && id < 14;
    }

    private static boolean isValue(int id) {
        return id >= 14 && id < 30;
    }
}
