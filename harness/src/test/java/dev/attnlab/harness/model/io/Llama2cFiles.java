package dev.attnlab.harness.model.io;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.LlamaNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes a model in llama2.c's version-0 layout, for loader tests. */
final class Llama2cFiles {

    private Llama2cFiles() {
    }

    static byte[] serialize(LlamaModel model) {
        LlamaConfig c = model.config();
        long floats = 0;
        for (String n : model.weights().names()) {
            floats += model.weights().get(n).orElseThrow().data().length;
        }
        floats += (long) c.maxSeqLen() * c.headDim();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(28 + floats * 4)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(c.dim()).putInt(c.hiddenDim()).putInt(c.layers()).putInt(c.heads()).putInt(c.kvHeads())
                .putInt(c.sharedClassifier() ? c.vocabSize() : -c.vocabSize()).putInt(c.maxSeqLen());
        put(out, model, LlamaNames.EMBED);
        for (String local : new String[] {"input_layernorm.weight", "self_attn.q_proj.weight", "self_attn.k_proj.weight",
            "self_attn.v_proj.weight", "self_attn.o_proj.weight", "post_attention_layernorm.weight",
            "mlp.gate_proj.weight", "mlp.down_proj.weight", "mlp.up_proj.weight"}) {
            for (int l = 0; l < c.layers(); l++) {
                put(out, model, LlamaNames.layer(l, local));
            }
        }
        put(out, model, LlamaNames.FINAL_NORM);
        for (int i = 0; i < c.maxSeqLen() * c.headDim(); i++) {
            out.putFloat(0.5f);
        }
        if (!c.sharedClassifier()) {
            put(out, model, LlamaNames.LM_HEAD);
        }
        return out.array();
    }

    private static void put(ByteBuffer out, LlamaModel model, String name) {
        FloatTensor t = model.weights().get(name).orElseThrow();
        for (float v : t.data()) {
            out.putFloat(v);
        }
    }
}
