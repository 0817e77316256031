package dev.attnlab.harness.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Memory readings around a measured piece of work. The JVM heap peak comes from the heap memory pools'
 * peak usage (reset before the work). Native memory (ONNX Runtime's arena lives outside the heap and
 * has no portable counter) is read from the process's resident set in {@code /proc/self/status}:
 * VmRSS now and VmHWM, the peak, which {@link #resetPeak} tries to reset through
 * {@code /proc/self/clear_refs}. Off Linux the native readings are absent.
 */
final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private MemoryProbe() {
    }

    /** Resets the heap pools' peaks and, where the kernel allows, the resident-set peak; true if the latter worked. */
    static boolean resetPeak() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false; // not Linux, or not permitted: VmHWM is then the peak since the process started
        }
    }

    /** Sum of the heap pools' peak usage since the last reset, in bytes. */
    static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Heap in use now, in bytes. */
    static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static OptionalLong rssBytes() {
        return statusField("VmRSS:");
    }

    static OptionalLong rssPeakBytes() {
        return statusField("VmHWM:");
    }

    private static OptionalLong statusField(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(parseKiB(line.substring(field.length())));
                }
            }
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** "   1234 kB" to bytes. */
    static long parseKiB(String value) {
        String number = value.trim().split("\\s+")[0];
        return Long.parseLong(number) * 1024;
    }
}
