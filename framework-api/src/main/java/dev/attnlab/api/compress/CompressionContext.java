package dev.attnlab.api.compress;

import dev.attnlab.api.ApiStatus;
import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.model.TextTokenizer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a compressor is prepared with.
 *
 * @param model      the model with full attention, the one the compressed context will be fed to
 * @param tokenizer  the model's tokenizer, when the experiment has one (token-level models may not)
 * @param corpus     token ids of the experiment's training/calibration corpus (may be empty)
 * @param workDir    a directory the compressor may write to (dictionaries, caches); it persists
 *                   between runs of the same experiment so that work can resume
 * @param progress   where to report long work
 * @param seed       the experiment's seed
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record CompressionContext(LanguageModel model, Optional<TextTokenizer> tokenizer, int[] corpus,
                                 Path workDir, Progress progress, long seed) {
}
