package dev.attnlab.harness.model;

/**
 * Which dimensions of a head a rotary position embedding rotates together.
 *
 * <p>Both layouts rotate pair {@code j} (for {@code j < headDim/2}) by the angle
 * {@code position * theta^(-2j/headDim)}; they differ only in where the two members of a pair sit.
 * A checkpoint's q/k projection rows are trained for one layout, so the layout belongs to the checkpoint.
 */
public enum RopeLayout {
    /** Pairs {@code (2j, 2j+1)}: Meta's original Llama and llama2.c checkpoints. */
    INTERLEAVED,
    /** Pairs {@code (j, j + headDim/2)}: Hugging Face's {@code rotate_half} (HF Llama, Mistral, Qwen2). */
    HALF
}
