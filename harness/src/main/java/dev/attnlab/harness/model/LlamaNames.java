package dev.attnlab.harness.model;

/**
 * The canonical weight names of the Llama family, as Hugging Face's {@code LlamaForCausalLM} stores
 * them. Shapes follow PyTorch's Linear layout {@code [out, in]}; {@code Dh = dim / heads}.
 *
 * <pre>
 * model.embed_tokens.weight                      [vocab, dim]
 * model.layers.{i}.input_layernorm.weight        [dim]
 * model.layers.{i}.self_attn.q_proj.weight       [heads*Dh, dim]    (+ .bias [heads*Dh] when attentionBias)
 * model.layers.{i}.self_attn.k_proj.weight       [kvHeads*Dh, dim]  (+ .bias)
 * model.layers.{i}.self_attn.v_proj.weight       [kvHeads*Dh, dim]  (+ .bias)
 * model.layers.{i}.self_attn.o_proj.weight       [dim, heads*Dh]
 * model.layers.{i}.post_attention_layernorm.weight [dim]
 * model.layers.{i}.mlp.gate_proj.weight          [hidden, dim]      (llama2.c w1)
 * model.layers.{i}.mlp.up_proj.weight            [hidden, dim]      (llama2.c w3)
 * model.layers.{i}.mlp.down_proj.weight          [dim, hidden]      (llama2.c w2)
 * model.norm.weight                              [dim]
 * lm_head.weight                                 [vocab, dim]       (absent when the classifier is shared)
 * </pre>
 */
public final class LlamaNames {

    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    private LlamaNames() {
    }

    /** {@code model.layers.<layer>.<local>}, e.g. {@code layer(0, "self_attn.q_proj.weight")}. */
    public static String layer(int layer, String local) {
        return "model.layers." + layer + "." + local;
    }
}
