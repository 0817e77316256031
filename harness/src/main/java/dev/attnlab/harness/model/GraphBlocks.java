package dev.attnlab.harness.model;

import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.tensor.Tensor;
import dev.attnlab.api.tensor.TensorOps;
import java.util.List;

/** Layers that several model families share, written in tensor ops. */
final class GraphBlocks {

    private GraphBlocks() {
    }

    /** {@code x W^T + b} for a weight stored {@code [out, in]} (PyTorch Linear); {@code bias} may be null. */
    /** Fails unless exactly one layer attention is given per layer of the model. */
    static void requireLayers(List<LayerAttention> layers, int modelLayers) {
        if (layers.size() != modelLayers) {
            throw new IllegalArgumentException("the model has " + modelLayers + " layers but " + layers.size()
                    + " layer attentions were given");
        }
    }

    static Tensor linear(TensorOps ops, Tensor x, Tensor weight, Tensor bias) {
        Tensor y = ops.matmul(x, ops.transpose(weight, 1, 0));
        return bias == null ? y : ops.add(y, bias);
    }

    /** {@code x W + b} for a weight stored {@code [in, out]} (HF GPT-2 Conv1D). */
    static Tensor conv1d(TensorOps ops, Tensor x, Tensor weight, Tensor bias) {
        return ops.add(ops.matmul(x, weight), bias);
    }

    /** {@code [B, T, heads*headDim]} to {@code [B, heads, T, headDim]}. */
    static Tensor splitHeads(TensorOps ops, Tensor x, int heads, int headDim) {
        return ops.transpose(ops.reshape(x, 0, 0, heads, headDim), 0, 2, 1, 3);
    }

    /** {@code [B, heads, T, headDim]} to {@code [B, T, heads*headDim]}. */
    static Tensor mergeHeads(TensorOps ops, Tensor x, int heads, int headDim) {
        return ops.reshape(ops.transpose(x, 0, 2, 1, 3), 0, 0, (long) heads * headDim);
    }

    /** RMSNorm over the last axis: {@code x / sqrt(mean(x^2) + eps) * weight}. */
    static Tensor rmsNorm(TensorOps ops, Tensor x, Tensor weight, float eps) {
        Tensor meanSquare = ops.reduceMean(ops.mul(x, x), true, -1);
        Tensor inverse = ops.reciprocal(ops.sqrt(ops.add(meanSquare, ops.scalar(eps))));
        return ops.mul(ops.mul(x, inverse), weight);
    }

    /** LayerNorm over the last axis with biased variance, as PyTorch computes it. */
    static Tensor layerNorm(TensorOps ops, Tensor x, Tensor weight, Tensor bias, float eps) {
        Tensor centred = ops.sub(x, ops.reduceMean(x, true, -1));
        Tensor variance = ops.reduceMean(ops.mul(centred, centred), true, -1);
        Tensor normed = ops.div(centred, ops.sqrt(ops.add(variance, ops.scalar(eps))));
        return ops.add(ops.mul(normed, weight), bias);
    }

    /** GELU, tanh approximation (HF {@code gelu_new}): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    static Tensor geluTanh(TensorOps ops, Tensor x) {
        Tensor cube = ops.mul(ops.mul(x, x), x);
        Tensor inner = ops.mul(ops.add(x, ops.mul(cube, ops.scalar(0.044715f))),
                ops.scalar((float) Math.sqrt(2 / Math.PI)));
        return ops.mul(ops.mul(x, ops.scalar(0.5f)), ops.add(ops.tanh(inner), ops.scalar(1f)));
    }
}
