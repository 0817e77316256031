package dev.attnlab.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.harness.model.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnlab train-autocompressor}: trains the summary tokens of an experiment's autocompressor method
 * on the embedded default, writes them where the method's {@code embeddings} key points (relative to the
 * experiment file), and the experiment then runs the method with them.
 */
class TrainAutoCompressorCommandTest {

    @TempDir
    Path work;

    private Path experiment() throws IOException {
        Path dir = Files.createDirectories(work.resolve("exp"));
        return Files.writeString(dir.resolve("ac.toml"), """
                [experiment]
                name = "ac"
                seed = 5

                [model]
                checkpoint = "embedded:default"
                tokenizer = "embedded:default"
                device = "cpu"

                [data]
                source = "embedded:default"
                tokens = 256

                [[methods]]
                compressor = "autocompressor"
                label = "ac-2"
                summary_vectors = 2
                segment_length = 16
                embeddings = "trained/ac-2.safetensors"

                [[methods]]
                strategy = "sliding-window"
                window = 8

                [[evaluators]]
                id = "perplexity"
                context_length = 48
                stride = 16
                """);
    }

    @Test
    void trainsTheMethodsSummaryTokensIntoItsEmbeddingsFileAndTheExperimentRunsWithThem() throws IOException {
        Path config = experiment();
        CliRun train = CliRun.of(work, "train-autocompressor", config.toString(), "--method", "ac-2", "--steps", "2",
                "--batch", "2", "--train-tokens", "512", "--eval-windows", "4", "--align", "32");

        assertThat(train.code()).as(train.err()).isZero();
        Path file = work.resolve("exp/trained/ac-2.safetensors");
        assertThat(file).as("resolved against the experiment file, not the working directory").exists();
        SafetensorsFile written = SafetensorsFile.open(file);
        assertThat(written.read("autocompressor.summary_embeddings").shape()).containsExactly(2, 64);
        assertThat(written.metadata()).containsEntry("attnlab.step", "2");
        assertThat(train.out()).contains("no context", "full context", "gap closed", "OK: wrote " + file);

        CliRun run = CliRun.of(work, "run", config.toString(), "--out", work.resolve("out").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(work.resolve("out/summary.md"))).contains("ac-2", "## Failures\n\nNone.");
    }

    @Test
    void refusesAMethodThatIsNotAnAutocompressor() throws IOException {
        CliRun run = CliRun.of(work, "train-autocompressor", experiment().toString(), "--method",
                "sliding-window(window=8)");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("sliding-window", "compressor = \"autocompressor\"");
    }

    @Test
    void namesTheLabelsWhenTheMethodIsUnknown() throws IOException {
        CliRun run = CliRun.of(work, "train-autocompressor", experiment().toString(), "--method", "nope");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no method labelled 'nope'", "ac-2");
    }

    @Test
    void trainIsDistillUnderAnotherName() throws IOException {
        CliRun run = CliRun.of(work, "train", experiment().toString(), "--method", "nope", "--out", "x.safetensors");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no method labelled 'nope'", "ac-2");
        CliRun compressor = CliRun.of(work, "train", experiment().toString(), "--method", "ac-2", "--out",
                "x.safetensors");
        assertThat(compressor.err()).contains("is a compressor", "attnlab train-autocompressor");
    }
}
