package dev.attnlab.autocompressor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes single-tensor F32 safetensors files by hand (the format's spec: u64 header size, JSON, data). */
final class TestFiles {

    private TestFiles() {
    }

    static Path writeF32(Path file, String name, long rows, long cols, float[] data) throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"" + name + "\":{\"dtype\":\"F32\",\"shape\":["
                + rows + "," + cols + "],\"data_offsets\":[0," + data.length * 4 + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (float v : data) {
            out.putFloat(v);
        }
        Files.write(file, out.array());
        return file;
    }
}
