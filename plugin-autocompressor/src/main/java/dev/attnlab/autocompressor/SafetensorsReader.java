package dev.attnlab.autocompressor;

import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads one float tensor from a safetensors file (8-byte little-endian header length, JSON header,
 * raw little-endian data). F32, F16 and BF16 are widened to float. Summary-embedding files are small, so
 * the whole file is read at once.
 */
final class SafetensorsReader {

    private SafetensorsReader() {
    }

    /** The tensor {@code name} of {@code file}; errors name the file, the tensor and what was found. */
    static FloatTensor read(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw new IllegalArgumentException(file + " is not a safetensors file (shorter than 8 bytes)");
        }
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || 8 + headerLength > bytes.length) {
            throw new IllegalArgumentException(file + " is not a safetensors file (header length " + headerLength
                    + " in a file of " + bytes.length + " bytes)");
        }
        String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        if (!(HeaderJson.parse(json, file.toString()) instanceof Map<?, ?> header)) {
            throw new IllegalArgumentException(file + ": the safetensors header is not a JSON object");
        }
        if (!(header.get(name) instanceof Map<?, ?> entry)) {
            throw new IllegalArgumentException(file + " holds no tensor '" + name + "'; tensors: "
                    + header.keySet().stream().filter(k -> !"__metadata__".equals(k)).toList());
        }
        String dtype = String.valueOf(entry.get("dtype"));
        long[] shape = longs(entry.get("shape"), file, name, "shape");
        long[] offsets = longs(entry.get("data_offsets"), file, name, "data_offsets");
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IllegalArgumentException(file + ": tensor '" + name + "' has dtype " + dtype
                    + "; expected F32, F16 or BF16");
        };
        long start = 8 + headerLength + offsets[0];
        if (offsets.length != 2 || offsets[1] - offsets[0] != count * width || 8 + headerLength + offsets[1]
                > bytes.length) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' data_offsets " + List.of(offsets[0],
                    offsets.length > 1 ? offsets[1] : -1) + " do not hold " + count + " " + dtype + " values");
        }
        float[] data = new float[Math.toIntExact(count)];
        for (int i = 0; i < data.length; i++) {
            int at = (int) (start + (long) i * width);
            data[i] = switch (dtype) {
                case "F32" -> buffer.getFloat(at);
                case "BF16" -> Float.intBitsToFloat((buffer.getShort(at) & 0xffff) << 16);
                default -> halfToFloat(buffer.getShort(at));
            };
        }
        return new FloatTensor(shape, data);
    }

    private static long[] longs(Object value, Path file, String name, String key) {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof Long)) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' has no integer list '" + key + "'");
        }
        return list.stream().mapToLong(v -> (Long) v).toArray();
    }

    /** IEEE 754 binary16 to float, subnormals included. */
    static float halfToFloat(short bits) {
        int sign = (bits >>> 15) & 1;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = (1 + mantissa / 1024f) * (float) Math.pow(2, exponent - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }
}
