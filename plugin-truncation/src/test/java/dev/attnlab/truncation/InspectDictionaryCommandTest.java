package dev.attnlab.truncation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.plugin.CommandContext;
import dev.attnlab.truncation.dictionary.AttentionDictionary;
import dev.attnlab.truncation.dictionary.DictionaryFile;
import dev.attnlab.truncation.dictionary.DictionaryHeader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectDictionaryCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CommandContext context() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandContext() {
            @Override
            public PrintStream out() {
                return o;
            }

            @Override
            public PrintStream err() {
                return e;
            }

            @Override
            public Path workingDirectory() {
                return dir;
            }

            @Override
            public Progress progress() {
                return Progress.NONE;
            }

            @Override
            public void lineChart(Path base, String title, String xLabel, String yLabel, List<Series> series,
                                  boolean logX, boolean logY) {
                throw new UnsupportedOperationException("inspect-dictionary draws no charts");
            }
        };
    }

    private void writeDictionary() {
        double[] means = {0.4, 0.1, 0, 0.9, 0.2};
        long[] counts = {2, 1, 0, 5, 2};
        var header = new DictionaryHeader(DictionaryFile.FORMAT_VERSION, "tiny", "hash42", 5, "token-level",
                "test corpus", "beef", 5, 2, 10, 4, (0.8 + 0.1 + 4.5 + 0.4) / 10);
        DictionaryFile.write(new AttentionDictionary(header, means, counts), dir.resolve("d.txt"));
    }

    @Test
    void printsTheHeaderAndTheTopAndBottomTokens() {
        writeDictionary();

        int code = new InspectDictionaryCommand().run(context(), List.of("d.txt", "--top", "2"));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).contains("tiny (contentHash hash42)", "5 ids, 4 seen", "2 x 5 tokens = 10 positions",
                "global mean     0.580000");
        String top = text.substring(text.indexOf("top 2"), text.indexOf("bottom 2"));
        String bottom = text.substring(text.indexOf("bottom 2"));
        assertThat(top).containsPattern("\\s3\\s+0\\.900000\\s+5").containsPattern("\\s0\\s+0\\.400000\\s+2");
        assertThat(bottom).containsPattern("\\s4\\s+0\\.200000\\s+2").containsPattern("\\s1\\s+0\\.100000\\s+1");
    }

    @Test
    void exitsWithTwoAndTheUsageOnBadArguments() {
        assertThat(new InspectDictionaryCommand().run(context(), List.of())).isEqualTo(2);
        assertThat(new InspectDictionaryCommand().run(context(), List.of("a", "--top", "x"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing FILE", "usage: attnlab truncation",
                "--top needs a non-negative integer");
    }

    @Test
    void exitsWithOneNamingTheFileWhenItCannotBeRead() throws Exception {
        Files.writeString(dir.resolve("bad.txt"), "not a dictionary\n");

        int code = new InspectDictionaryCommand().run(context(), List.of("bad.txt"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(dir.resolve("bad.txt").toString());
    }
}
