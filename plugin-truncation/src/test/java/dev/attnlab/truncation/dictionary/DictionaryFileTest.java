package dev.attnlab.truncation.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.model.ModelInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictionaryFileTest {

    @TempDir
    Path dir;

    static AttentionDictionary sample(String hash) {
        double[] means = new double[6];
        long[] counts = new long[6];
        means[0] = 0.1 + 0.2; // not a short decimal: checks the exact round trip
        counts[0] = 3;
        means[4] = 1.0 / 3;
        counts[4] = 1;
        double global = (means[0] * 3 + means[4]) / 4;
        var header = new DictionaryHeader(DictionaryFile.FORMAT_VERSION, "tiny model", hash, 6, "token-level",
                "a corpus\nwith a line break", "00ff", 2, 2, 4, 2, global);
        return new AttentionDictionary(header, means, counts);
    }

    private static ModelInfo model(String hash, int vocab) {
        return new ModelInfo("other model", "llama", vocab, 16, 1, 1, 1, 8, hash, -1, -1);
    }

    @Test
    void roundTripsEveryFieldExactly() {
        Path file = dir.resolve("d.txt");
        AttentionDictionary written = sample("aa11");

        DictionaryFile.write(written, file);
        AttentionDictionary read = DictionaryFile.read(file);

        assertThat(read).isEqualTo(written);
        assertThat(read.mean(0)).isEqualTo(0.1 + 0.2);
        assertThat(read.header().corpus()).isEqualTo("a corpus with a line break");
        assertThat(read.seen(1)).isFalse();
        assertThat(read.mean(1)).isNaN();
    }

    @Test
    void writesAtomicallyLeavingNoTemporaryFile() throws Exception {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);
        DictionaryFile.write(sample("bb22"), file);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("d.txt");
        }
        assertThat(DictionaryFile.read(file).header().modelHash()).isEqualTo("bb22");
    }

    @Test
    void rejectsADictionaryBuiltForAnotherModelNamingBothHashes() {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);
        AttentionDictionary d = DictionaryFile.read(file);

        assertThatThrownBy(() -> d.requireBuiltFor(model("ff99", 6), file))
                .isInstanceOf(DictionaryException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("aa11").hasMessageContaining("ff99");
        assertThatThrownBy(() -> d.requireBuiltFor(model("aa11", 7), file))
                .hasMessageContaining("vocabulary size 6").hasMessageContaining("has 7");
    }

    @Test
    void acceptsTheModelItWasBuiltFor() {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);

        DictionaryFile.read(file).requireBuiltFor(model("aa11", 6), file);
    }

    @Test
    void rejectsAFileWithAChangedDigitNamingTheFile() throws Exception {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("4 1 0.3333", "4 1 0.4333"));

        assertThatThrownBy(() -> DictionaryFile.read(file))
                .isInstanceOf(DictionaryException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("corrupted").hasMessageContaining("checksum");
    }

    @Test
    void rejectsATruncatedFile() throws Exception {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> DictionaryFile.read(file))
                .isInstanceOf(DictionaryException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("corrupted");
    }

    @Test
    void rejectsAnotherFormatVersionNamingBothVersions() {
        Path file = dir.resolve("d.txt");
        CheckedTextFile.write(file, List.of(DictionaryFile.MAGIC + " 2", "model.name x"));

        assertThatThrownBy(() -> DictionaryFile.read(file))
                .isInstanceOf(DictionaryException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("format version '2'").hasMessageContaining("reads version 1");
    }

    @Test
    void rejectsAFileThatIsNotADictionary() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DictionaryFile.read(file)).hasMessageContaining(file.toString());

        CheckedTextFile.write(file, List.of("hello world"));
        assertThatThrownBy(() -> DictionaryFile.read(file))
                .hasMessageContaining("is not an attnlab attention dictionary").hasMessageContaining("'hello world'");
    }

    @Test
    void rejectsAMissingFileNamingIt() {
        Path file = dir.resolve("missing.txt");
        assertThatThrownBy(() -> DictionaryFile.read(file))
                .isInstanceOf(DictionaryException.class).hasMessageContaining(file.toString());
    }

    @Test
    void rejectsInconsistentTotalsEvenWithAValidChecksum() throws Exception {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);
        List<String> lines = new ArrayList<>(CheckedTextFile.read(file, "test"));
        lines.replaceAll(l -> l.equals("tokens 4") ? "tokens 5" : l);
        CheckedTextFile.write(file, lines);

        assertThatThrownBy(() -> DictionaryFile.read(file))
                .hasMessageContaining("add up to 4").hasMessageContaining("tokens 5");
    }

    @Test
    void rejectsAnUnknownHeaderKey() {
        Path file = dir.resolve("d.txt");
        DictionaryFile.write(sample("aa11"), file);
        List<String> lines = new ArrayList<>(CheckedTextFile.read(file, "test"));
        lines.add(1, "colour blue");
        CheckedTextFile.write(file, lines);

        assertThatThrownBy(() -> DictionaryFile.read(file)).hasMessageContaining("unknown key 'colour'");
    }
}
