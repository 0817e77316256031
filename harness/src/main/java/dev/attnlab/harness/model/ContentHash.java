package dev.attnlab.harness.model;

import dev.attnlab.api.tensor.FloatTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a model's configuration and weights (names, shapes and little-endian float32 bytes, in
 * the store's order), streamed through a small buffer so that large checkpoints are not copied whole.
 */
final class ContentHash {

    private static final int CHUNK_FLOATS = 1 << 16;

    private ContentHash() {
    }

    static String of(String config, WeightStore weights) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        digest.update(config.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (String name : weights.names()) {
            FloatTensor t = weights.get(name).orElseThrow();
            digest.update((name + java.util.Arrays.toString(t.shape())).getBytes(StandardCharsets.UTF_8));
            float[] data = t.data();
            for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, data.length - start);
                buffer.clear();
                buffer.asFloatBuffer().put(data, start, n);
                digest.update(buffer.array(), 0, n * Float.BYTES);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
