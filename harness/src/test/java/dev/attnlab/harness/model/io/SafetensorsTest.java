package dev.attnlab.harness.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path temp;

    @Test
    void roundTripsFloat32TensorsAndMetadataInOrder() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight", FloatTensor.of(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
        tensors.put("a.scalar", FloatTensor.of(new float[] {7f}));
        tensors.put("empty", FloatTensor.zeros(0, 4));
        Path file = temp.resolve("t.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));

        SafetensorsFile read = SafetensorsFile.open(file);
        assertThat(read.names()).containsExactly("b.weight", "a.scalar", "empty");
        assertThat(read.metadata()).containsEntry("format", "pt");
        assertThat(read.readAll()).isEqualTo(tensors);
        assertThat(read.entries().get("b.weight").dtype()).isEqualTo("F32");
    }

    @Test
    void headerIsPaddedSoDataStartsEightByteAligned() throws IOException {
        Path file = temp.resolve("aligned.safetensors");
        SafetensorsWriter.write(file, Map.of("x", FloatTensor.of(new float[] {1f}, 1)), Map.of());
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
    }

    @Test
    void convertsF16AndBf16ToFloat32() throws IOException {
        // F16: 1.0 = 0x3C00, -2.5 = 0xC100, 2^-24 (smallest subnormal) = 0x0001, 65504 = 0x7BFF
        // BF16: 1.0 = 0x3F80, -3.0 = 0xC040
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3C00).putShort((short) 0xC100).putShort((short) 0x0001).putShort((short) 0x7BFF);
        data.putShort((short) 0x3F80).putShort((short) 0xC040);
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        Path file = write("half.safetensors", header, data.array());
        SafetensorsFile read = SafetensorsFile.open(file);
        assertThat(read.read("h").data()).containsExactly(1f, -2.5f, (float) Math.pow(2, -24), 65504f);
        assertThat(read.read("b").data()).containsExactly(1f, -3f);
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putLong(0);
        Path file = temp.resolve("long-header.safetensors");
        Files.write(file, bytes.array());
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header of 1000 bytes")
                .hasMessageContaining("8 bytes after the length");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() throws IOException {
        Path file = write("garbage.safetensors", "{not json", new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsDataOffsetsOutsideTheFileNamingTheTensor() throws IOException {
        Path file = write("cut.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("outside the 8 data bytes");
    }

    @Test
    void rejectsOffsetsThatDisagreeWithDtypeAndShape() throws IOException {
        Path file = write("size.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("F32 [3] = 12 bytes but its data_offsets span 8 bytes");
    }

    @Test
    void rejectsAMalformedEntryAndAnIntegerTensorReadAsWeights() throws IOException {
        Path malformed = write("m.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":\"big\"}}", new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(malformed))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("malformed header entry");
        Path ints = write("i.safetensors", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsFile.open(ints).read("ids"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'ids'")
                .hasMessageContaining("dtype I64");
    }

    @Test
    void rejectsAFileShorterThanTheLengthField() throws IOException {
        Path file = temp.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("has 3 bytes");
    }

    @Test
    void halfPrecisionDecodingAgreesWithFloatRoundTripForEveryFiniteValue() {
        // independent check: every finite half value, decoded, must re-encode (by rounding the float to
        // 10 mantissa bits by hand) to the same bits
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            if (exponent == 31) {
                continue;
            }
            float f = DTypes.halfToFloat(bits);
            double expected = (exponent == 0 ? (bits & 0x3ff) * Math.pow(2, -24)
                    : (1 + (bits & 0x3ff) / 1024.0) * Math.pow(2, exponent - 15)) * ((bits & 0x8000) != 0 ? -1 : 1);
            if (f != (float) expected) {
                throw new AssertionError("half 0x" + Integer.toHexString(bits) + " decoded to " + f + ", expected " + expected);
            }
        }
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        Path file = temp.resolve(name);
        Files.write(file, out.array());
        return file;
    }
}
