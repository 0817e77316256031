package dev.attnlab.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void printsOneLinePerTenPercentWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                ConsoleProgress.Mode.LINES, () -> now[0]);
        for (int i = 1; i <= 1000; i++) {
            now[0] += 1_000_000L; // 1 ms per token
            progress.report("perplexity full", i, 1000);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out.lines()).hasSize(10);
        assertThat(out.lines().findFirst().orElseThrow()).isEqualTo("perplexity full: 100/1000 (10%), 1000.0/s, ETA 1s");
    }

    @Test
    void isQuietInCiOrWhenAsked() {
        assertThat(ConsoleProgress.modeFor(false, Map.of("CI", "true"), true)).isEqualTo(ConsoleProgress.Mode.QUIET);
        assertThat(ConsoleProgress.modeFor(true, Map.of(), true)).isEqualTo(ConsoleProgress.Mode.QUIET);
        assertThat(ConsoleProgress.modeFor(false, Map.of(), true)).isEqualTo(ConsoleProgress.Mode.BAR);
        assertThat(ConsoleProgress.modeFor(false, Map.of(), false)).isEqualTo(ConsoleProgress.Mode.LINES);
    }

    @Test
    void barRedrawsInPlaceWithRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                ConsoleProgress.Mode.BAR, () -> now[0]);
        progress.report("kl", 0, 100);
        now[0] = 2_000_000_000L;
        progress.report("kl", 50, 100);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("\r[###############---------------] kl: 50/100 (50%), 25.0/s, ETA 2s");
    }

    @Test
    void formatsDurations() {
        assertThat(ConsoleProgress.duration(59)).isEqualTo("59s");
        assertThat(ConsoleProgress.duration(125)).isEqualTo("2m05s");
        assertThat(ConsoleProgress.duration(3725)).isEqualTo("1h02m");
    }
}
