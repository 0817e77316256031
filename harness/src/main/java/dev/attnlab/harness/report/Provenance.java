package dev.attnlab.harness.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Everything needed to rerun a number from results.json alone.
 *
 * @param configText      the experiment file's text, verbatim
 * @param configHash      hex SHA-256 of {@code configText}; cells are resumed only under the same hash
 * @param plugins         every provider the run used, with its version
 * @param modelName       the model's display name
 * @param modelHash       the model's content hash (weights and configuration)
 * @param data            where the evaluation tokens came from (source, count, offset)
 * @param seed            the experiment seed
 * @param machine         where it ran
 * @param started         when the run started
 * @param finished        when it finished (null while running)
 * @param attnlabVersion  the harness version
 */
public record Provenance(String configText, String configHash, List<PluginVersion> plugins, String modelName,
                        String modelHash, String data, long seed, Machine machine, Instant started, Instant finished,
                        String attnlabVersion) {

    public Provenance {
        plugins = List.copyOf(plugins);
    }

    public Provenance finishedAt(Instant when) {
        return new Provenance(configText, configHash, plugins, modelName, modelHash, data, seed, machine, started, when,
                attnlabVersion);
    }

    /** One provider used by the run. */
    public record PluginVersion(String kind, String id, String version) {
    }

    /**
     * The machine a run used.
     *
     * @param os          {@code os.name os.version}
     * @param arch        {@code os.arch}
     * @param cpus        available processors
     * @param maxHeapMiB  the JVM's maximum heap
     * @param memoryMiB   physical memory, or -1 when unknown
     * @param javaVersion {@code java.vendor java.runtime.version}
     */
    public record Machine(String os, String arch, int cpus, long maxHeapMiB, long memoryMiB, String javaVersion) {

        /** The machine this JVM runs on. */
        public static Machine current() {
            long memory = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        memory = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                memory = -1; // not Linux: physical memory is simply not reported
            }
            return new Machine(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), memory,
                    System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        }
    }
}
