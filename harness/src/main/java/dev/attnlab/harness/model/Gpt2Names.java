package dev.attnlab.harness.model;

/**
 * The canonical weight names of the GPT-2 family, as Hugging Face's {@code GPT2LMHeadModel} stores
 * them (with the {@code transformer.} prefix; the importer adds it to files saved from
 * {@code GPT2Model}). The attention and MLP projections are Conv1D weights stored {@code [in, out]},
 * and {@code c_attn} fuses q, k and v along its output axis in that order. The classifier is the
 * token embedding (tied {@code lm_head}).
 *
 * <pre>
 * transformer.wte.weight                  [vocab, dim]
 * transformer.wpe.weight                  [maxSeqLen, dim]
 * transformer.h.{i}.ln_1.weight / .bias   [dim]
 * transformer.h.{i}.attn.c_attn.weight    [dim, 3*dim]   .bias [3*dim]
 * transformer.h.{i}.attn.c_proj.weight    [dim, dim]     .bias [dim]
 * transformer.h.{i}.ln_2.weight / .bias   [dim]
 * transformer.h.{i}.mlp.c_fc.weight       [dim, hidden]  .bias [hidden]
 * transformer.h.{i}.mlp.c_proj.weight     [hidden, dim]  .bias [dim]
 * transformer.ln_f.weight / .bias         [dim]
 * </pre>
 */
public final class Gpt2Names {

    public static final String TOKEN_EMBED = "transformer.wte.weight";
    public static final String POSITION_EMBED = "transformer.wpe.weight";
    public static final String FINAL_NORM = "transformer.ln_f";

    private Gpt2Names() {
    }

    /** {@code transformer.h.<layer>.<local>}, e.g. {@code layer(0, "attn.c_attn.weight")}. */
    public static String layer(int layer, String local) {
        return "transformer.h." + layer + "." + local;
    }
}
