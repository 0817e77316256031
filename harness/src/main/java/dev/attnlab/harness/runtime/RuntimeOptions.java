package dev.attnlab.harness.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * How to run models on ONNX Runtime.
 *
 * @param device   {@code cpu}, {@code cuda} (fail if ORT has no CUDA provider) or {@code auto} (CUDA when
 *                 present, else CPU with a logged reason)
 * @param threads  intra-op threads; 0 lets ORT choose
 * @param cacheDir where exports are cached by content hash; null disables the cache
 */
public record RuntimeOptions(String device, int threads, Path cacheDir) {

    public static final List<String> DEVICES = List.of("cpu", "cuda", "auto");

    public RuntimeOptions {
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException("device '" + device + "' is not one of " + DEVICES);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = let ONNX Runtime choose), was " + threads);
        }
    }

    /** CPU, ORT's default thread count, no cache. */
    public static RuntimeOptions cpu() {
        return new RuntimeOptions("cpu", 0, null);
    }
}
