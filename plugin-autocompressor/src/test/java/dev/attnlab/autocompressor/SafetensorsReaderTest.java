package dev.attnlab.autocompressor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attnlab.api.tensor.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsAnF32TensorWithItsShape() throws IOException {
        Path file = TestFiles.writeF32(dir.resolve("a.safetensors"), "t", 2, 2, new float[] {1, -2, 3.5f, 4});
        FloatTensor t = SafetensorsReader.read(file, "t");
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.data()).containsExactly(1, -2, 3.5f, 4);
    }

    @Test
    void widensHalfAndBfloat16Values() throws IOException {
        // Reference bit patterns from IEEE 754 binary16 / bfloat16: 0x3C00 = 1, 0xC000 = -2,
        // 0x0001 = 2^-24 (smallest subnormal), 0x3555 ~ 0.333; bf16 0x3F80 = 1, 0xC0A0 = -5.
        short[] half = {0x3C00, (short) 0xC000, 0x0001, 0x3555};
        short[] bf16 = {0x3F80, (short) 0xC0A0};
        Path file = dir.resolve("h.safetensors");
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (short s : half) {
            out.putShort(s);
        }
        for (short s : bf16) {
            out.putShort(s);
        }
        Files.write(file, out.array());

        assertThat(SafetensorsReader.read(file, "h").data())
                .containsExactly(1f, -2f, 0x1p-24f, 0.33325195f);
        assertThat(SafetensorsReader.read(file, "b").data()).containsExactly(1f, -5f);
    }

    @Test
    void namesTheTensorsPresentWhenTheOneAskedForIsMissing() throws IOException {
        Path file = TestFiles.writeF32(dir.resolve("a.safetensors"), "other", 1, 1, new float[] {1});
        assertThatThrownBy(() -> SafetensorsReader.read(file, "t"))
                .hasMessageContaining("a.safetensors holds no tensor 't'").hasMessageContaining("[other]");
    }

    @Test
    void rejectsAFileThatIsNotSafetensors() throws IOException {
        Path file = Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThatThrownBy(() -> SafetensorsReader.read(file, "t")).hasMessageContaining("not a safetensors file");
    }
}
