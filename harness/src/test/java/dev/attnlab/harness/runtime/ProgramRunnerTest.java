package dev.attnlab.harness.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.attnlab.api.config.ConfigSchema;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.lower.onnx.RecordedProgram;
import dev.attnlab.harness.model.GraphOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgramRunnerTest {

    private static final TinyAttentionModel DEF = new TinyAttentionModel(9);

    /** The path for weights beyond protobuf's 2 GiB message limit, forced here with a limit of 0 bytes. */
    @Test
    void segmentsAboveTheInlineLimitRunFromTemporaryFilesThatCloseDeletes() throws Exception {
        RecordedProgram program = ModelRuntime.record(DEF, List.of(new HostFullAttentionStrategy()
                .create(DEF.attentionContext(0), ConfigSchema.EMPTY.defaults())), GraphOptions.LOGITS_ONLY);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<AutoCloseable> owned = new ArrayList<>();
        Path temp;
        FloatTensor fromFiles;
        FloatTensor fromBytes;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtLanguageModel model = new ModelRuntime().load(DEF, new HostFullAttentionStrategy(),
                     ConfigSchema.EMPTY.defaults(), RuntimeOptions.cpu())) {
            Map<String, OnnxValue> feeds = model.inputs(program, new int[] {1, 2, 3}, null, 0, owned);
            feeds.putAll(model.zeroState(program, owned));
            try (ProgramRunner files = new ProgramRunner(env, program, options, 0);
                 ProgramRunner bytes = new ProgramRunner(env, program, options)) {
                temp = files.tempDir();
                assertThat(temp).isNotNull();
                try (var listing = Files.list(temp)) {
                    assertThat(listing.filter(p -> p.toString().endsWith(".onnx")).count()).as("segment files").isEqualTo(2);
                }
                assertThat(bytes.tempDir()).isNull();
                fromFiles = files.evaluate(feeds).get("logits");
                fromBytes = bytes.evaluate(feeds).get("logits");
            }
            OrtLanguageModel.closeAll(owned);
        }
        assertThat(fromFiles).isEqualTo(fromBytes);
        assertThat(temp).doesNotExist();
    }
}
