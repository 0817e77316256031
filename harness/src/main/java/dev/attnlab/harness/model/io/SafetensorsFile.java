package dev.attnlab.harness.model.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file, opened by reading and checking its header only; tensors are read on request and
 * converted to float32 ({@code F32}, {@code F16}, {@code BF16}, {@code F64}).
 *
 * <p>The format: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the byte after the
 * header), an optional {@code "__metadata__"} map of strings, then the data.
 */
public final class SafetensorsFile {

    /** Far above any real header; guards against reading a huge "length" from a file that is not safetensors. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path file;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    /** One tensor's header entry. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private SafetensorsFile(Path file, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Reads and validates the header of {@code file}. */
    public static SafetensorsFile open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException("safetensors file " + file + " has " + size
                        + " bytes, fewer than the 8-byte header length; the file is truncated or not safetensors");
            }
            ByteBuffer lengthBytes = readFully(channel, 0, 8);
            long headerLength = lengthBytes.getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw new CheckpointException("safetensors file " + file + " declares a JSON header of " + headerLength
                        + " bytes but the file has " + (size - 8) + " bytes after the length (and headers are at most "
                        + MAX_HEADER_BYTES + "); the file is truncated or not safetensors");
            }
            String json = StandardCharsets.UTF_8.decode(readFully(channel, 8, (int) headerLength)).toString();
            return parse(file, json, 8 + headerLength, size - 8 - headerLength);
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile parse(Path file, String json, long dataStart, long dataBytes) {
        JsonElement root;
        try {
            root = new JsonParser().parse(json);
        } catch (JsonParseException e) {
            throw new CheckpointException("safetensors file " + file + " has a header that is not valid JSON: "
                    + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new CheckpointException("safetensors file " + file + " has a header that is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (e.getValue().isJsonObject()) {
                    e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(),
                            m.getValue().isJsonPrimitive() ? m.getValue().getAsString() : m.getValue().toString()));
                }
                continue;
            }
            entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataBytes));
        }
        return new SafetensorsFile(file, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static Entry entry(Path file, String name, JsonElement value, long dataBytes) {
        String where = "tensor '" + name + "' in safetensors file " + file;
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            JsonArray shapeJson = o.get("shape").getAsJsonArray();
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
            }
            JsonArray offsets = o.get("data_offsets").getAsJsonArray();
            if (offsets.size() != 2) {
                throw new CheckpointException(where + " has data_offsets " + offsets + ", expected [begin, end]");
            }
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataBytes) {
                throw new CheckpointException(where + " has data_offsets [" + begin + ", " + end
                        + "] outside the " + dataBytes + " data bytes of the file; the file is truncated or corrupt");
            }
            long count;
            try {
                count = FloatTensor.size(shape);
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw new CheckpointException(where + " has an invalid shape " + Arrays.toString(shape));
            }
            int width = DTypes.bytes(dtype);
            if (width > 0 && count * width != end - begin) {
                throw new CheckpointException(where + " is " + dtype + " " + Arrays.toString(shape) + " = "
                        + count * width + " bytes but its data_offsets span " + (end - begin) + " bytes");
            }
            return new Entry(name, dtype, shape, begin, end);
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException
                 | NumberFormatException | ClassCastException e) {
            throw new CheckpointException(where + " has a malformed header entry " + value
                    + "; expected {\"dtype\": ..., \"shape\": [...], \"data_offsets\": [begin, end]}", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings, or empty. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Reads tensor {@code name} as float32. */
    public FloatTensor read(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException("tensor '" + name + "' is not in safetensors file " + file
                    + " (it has " + entries.size() + " tensors)");
        }
        if (DTypes.bytes(e.dtype()) <= 0 || !DTypes.isFloat(e.dtype())) {
            throw new CheckpointException("tensor '" + name + "' in safetensors file " + file + " has dtype "
                    + e.dtype() + "; only F32, F16, BF16 and F64 can be read as float32 weights");
        }
        long bytes = e.end() - e.begin();
        if (bytes / DTypes.bytes(e.dtype()) > Integer.MAX_VALUE - 8) {
            throw new CheckpointException("tensor '" + name + "' in " + file + " is too large for one Java array");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer data = bytes <= Integer.MAX_VALUE
                    ? readFully(channel, dataStart + e.begin(), (int) bytes)
                    : channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), bytes).order(ByteOrder.LITTLE_ENDIAN);
            return new FloatTensor(e.shape(), DTypes.toFloats(e.dtype(), data));
        } catch (IOException ex) {
            throw new CheckpointException("cannot read tensor '" + name + "' from " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Every float tensor of the file, in header order. */
    public Map<String, FloatTensor> readAll() {
        Map<String, FloatTensor> all = new LinkedHashMap<>();
        for (String name : entries.keySet()) {
            all.put(name, read(name));
        }
        return all;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }
}
