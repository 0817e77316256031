package dev.attnlab.harness.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/** Picks the execution provider for a requested device and configures session options for it. */
final class ExecutionProviders {

    private static final Logger LOG = Logger.getLogger(ExecutionProviders.class.getName());

    private ExecutionProviders() {
    }

    /**
     * Configures {@code options} for {@code device} given the providers this ORT build has.
     *
     * @return {@code "cuda"} or {@code "cpu"}, what was chosen
     * @throws IllegalStateException when {@code cuda} is requested but cannot be used
     */
    static String configure(OrtSession.SessionOptions options, String device, Set<OrtProvider> available) {
        if (device.equals("cpu")) {
            return "cpu";
        }
        String problem = null;
        if (!available.contains(OrtProvider.CUDA)) {
            problem = "this ONNX Runtime build has no CUDA execution provider (available: " + available + ")";
        } else {
            try {
                options.addCUDA(0);
                return "cuda";
            } catch (OrtException | RuntimeException e) {
                problem = "the CUDA execution provider failed to start: " + e.getMessage();
            }
        }
        if (device.equals("cuda")) {
            throw new IllegalStateException("device = \"cuda\" was requested but " + problem + ". Build and run attnlab "
                    + "with the GPU runtime (mvn -Pcuda package, which uses com.microsoft.onnxruntime:onnxruntime_gpu, "
                    + "and a CUDA 12 driver), or set device = \"cpu\" or \"auto\".");
        }
        String reason = problem;
        LOG.info(() -> "device = \"auto\": running on CPU because " + reason);
        return "cpu";
    }

    static Set<OrtProvider> available() {
        Set<OrtProvider> set = ai.onnxruntime.OrtEnvironment.getAvailableProviders();
        return set.isEmpty() ? EnumSet.of(OrtProvider.CPU) : set;
    }
}
