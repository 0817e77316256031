package dev.attnlab.harness.model.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes float32 tensors as a safetensors file (dtype {@code F32}), atomically: the file appears
 * complete or not at all. The JSON header is padded with spaces to a multiple of 8 bytes so the data
 * stays aligned, as the format recommends.
 */
public final class SafetensorsWriter {

    private static final int CHUNK_FLOATS = 1 << 16;

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} (in map order) and optional string {@code metadata} to {@code file}. */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            long bytes = (long) e.getValue().data().length * Float.BYTES;
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, head);
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (FloatTensor t : tensors.values()) {
                    float[] data = t.data();
                    for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
                        int n = Math.min(CHUNK_FLOATS, data.length - start);
                        chunk.clear();
                        chunk.asFloatBuffer().put(data, start, n);
                        chunk.limit(n * Float.BYTES);
                        writeFully(out, chunk);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
