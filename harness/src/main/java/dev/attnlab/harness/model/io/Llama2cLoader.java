package dev.attnlab.harness.model.io;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.LlamaNames;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.ModelIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a llama2.c checkpoint ({@code run.c}'s legacy format): a header of 7 little-endian int32
 * ({@code dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len}; a negative vocab size
 * means the classifier is stored separately at the end) followed by float32 weights in llama2.c's
 * order, each array holding all layers: token embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3,
 * rms_final, the unused RoPE tables freq_cis_real and freq_cis_imag, then wcls when not shared.
 * Every byte must be consumed. Weights get the canonical names of {@link LlamaNames}; RoPE is
 * {@link dev.attnlab.harness.model.RopeLayout#INTERLEAVED}, as llama2.c trains it.
 */
public final class Llama2cLoader {

    private static final int HEADER_BYTES = 7 * Integer.BYTES;

    private Llama2cLoader() {
    }

    /** Loads the checkpoint at {@code file}. */
    public static LlamaModel load(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Reader reader = new Reader(file, channel);
            LlamaConfig config = reader.header();
            Map<String, FloatTensor> weights = reader.weights(config);
            String name = file.getFileName().toString().replaceFirst("\\.bin$", "");
            return new LlamaModel(config, new MapWeightStore(weights, file.toString()), ModelIdentity.llama2c(name));
        } catch (IOException e) {
            throw new CheckpointException("cannot read llama2.c checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads tensors one after the other, checking that each fits in what is left of the file. */
    private static final class Reader {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private long position;

        Reader(Path file, FileChannel channel) throws IOException {
            this.file = file;
            this.channel = channel;
            this.size = channel.size();
        }

        LlamaConfig header() throws IOException {
            ByteBuffer header = read("header (7 int32)", HEADER_BYTES);
            int[] h = new int[7];
            for (int i = 0; i < 7; i++) {
                h[i] = header.getInt();
            }
            boolean shared = h[5] > 0;
            int vocab = Math.abs(h[5]);
            try {
                return LlamaConfig.llama2c(h[0], h[1], h[2], h[3], h[4], vocab, h[6], shared);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + " does not start with a valid llama2.c header (dim, hidden_dim, "
                        + "n_layers, n_heads, n_kv_heads, vocab_size, seq_len) = " + Arrays.toString(h) + ": "
                        + e.getMessage() + "; is this a llama2.c .bin checkpoint (the legacy version-0 format)?");
            }
        }

        Map<String, FloatTensor> weights(LlamaConfig c) throws IOException {
            int d = c.dim();
            int layers = c.layers();
            int f = c.hiddenDim();
            int qDim = c.heads() * c.headDim();
            int kv = c.kvDim();
            Map<String, FloatTensor> w = new LinkedHashMap<>();
            w.put(LlamaNames.EMBED, tensor("token_embedding_table", c.vocabSize(), d));
            split(w, tensor("rms_att_weight", layers, d), "input_layernorm.weight");
            split(w, tensor("wq", layers, qDim, d), "self_attn.q_proj.weight");
            split(w, tensor("wk", layers, kv, d), "self_attn.k_proj.weight");
            split(w, tensor("wv", layers, kv, d), "self_attn.v_proj.weight");
            split(w, tensor("wo", layers, d, qDim), "self_attn.o_proj.weight");
            split(w, tensor("rms_ffn_weight", layers, d), "post_attention_layernorm.weight");
            split(w, tensor("w1", layers, f, d), "mlp.gate_proj.weight");
            split(w, tensor("w2", layers, d, f), "mlp.down_proj.weight");
            split(w, tensor("w3", layers, f, d), "mlp.up_proj.weight");
            w.put(LlamaNames.FINAL_NORM, tensor("rms_final_weight", d));
            long ropeTable = (long) c.maxSeqLen() * c.headDim() / 2 * Float.BYTES;
            skip("freq_cis_real", ropeTable);
            skip("freq_cis_imag", ropeTable);
            if (!c.sharedClassifier()) {
                w.put(LlamaNames.LM_HEAD, tensor("wcls", c.vocabSize(), d));
            }
            if (position != size) {
                throw new CheckpointException(file + " has " + (size - position) + " bytes after the last tensor "
                        + "(read " + position + " of " + size + "); the header " + c + " does not describe this "
                        + "file, or it is not a llama2.c version-0 checkpoint");
            }
            return w;
        }

        /** Splits an all-layers array {@code [layers, ...]} into one canonical weight per layer. */
        private static void split(Map<String, FloatTensor> w, FloatTensor all, String local) {
            long[] shape = all.shape();
            long[] layerShape = Arrays.copyOfRange(shape, 1, shape.length);
            int n = Math.toIntExact(FloatTensor.size(layerShape));
            for (int i = 0; i < shape[0]; i++) {
                w.put(LlamaNames.layer(i, local),
                        new FloatTensor(layerShape, Arrays.copyOfRange(all.data(), i * n, (i + 1) * n)));
            }
        }

        private FloatTensor tensor(String name, long... shape) throws IOException {
            long count;
            try {
                count = Math.multiplyExact(FloatTensor.size(shape), (long) Float.BYTES) / Float.BYTES;
            } catch (ArithmeticException e) {
                throw new CheckpointException("tensor " + name + " " + Arrays.toString(shape) + " in " + file
                        + " has more elements than a long holds; the header does not describe a real model");
            }
            ensureAvailable(name + " " + Arrays.toString(shape), count * Float.BYTES);
            if (count * Float.BYTES > Integer.MAX_VALUE) {
                throw new CheckpointException("tensor " + name + " " + Arrays.toString(shape) + " in " + file
                        + " is too large for one Java array");
            }
            ByteBuffer bytes = read(name + " " + Arrays.toString(shape), count * Float.BYTES);
            float[] data = new float[(int) count];
            bytes.asFloatBuffer().get(data);
            return new FloatTensor(shape, data);
        }

        private void skip(String what, long bytes) {
            ensureAvailable(what, bytes);
            position += bytes;
        }

        private ByteBuffer read(String what, long bytes) throws IOException {
            ensureAvailable(what, bytes);
            ByteBuffer buffer = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new CheckpointException(file + " ended while reading " + what);
                }
            }
            buffer.flip();
            position += bytes;
            return buffer;
        }

        private void ensureAvailable(String what, long bytes) {
            if (size - position < bytes) {
                throw new CheckpointException("llama2.c checkpoint " + file + " is truncated: reading " + what
                        + " at byte " + position + " needs " + bytes + " bytes but only " + (size - position)
                        + " are available (file size " + size + "); re-download or re-export the checkpoint");
            }
        }
    }
}
