package dev.attnlab.harness.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.attnlab.api.tensor.DType;
import dev.attnlab.api.tensor.FloatTensor;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/** Conversions between ORT tensors and heap arrays. */
final class OrtTensors {

    private OrtTensors() {
    }

    static OnnxTensor floats(OrtEnvironment env, FloatTensor t) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape());
    }

    static OnnxTensor longs(OrtEnvironment env, long[] data, long... shape) throws OrtException {
        return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
    }

    static OnnxTensor zeros(OrtEnvironment env, DType dtype, long[] shape) throws OrtException {
        int n = Math.toIntExact(FloatTensor.size(shape));
        return switch (dtype) {
            case FLOAT32 -> OnnxTensor.createTensor(env, FloatBuffer.allocate(n), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.allocate(n), shape);
            case BOOL -> OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(n), shape, OnnxJavaType.BOOL);
        };
    }

    /** Any float32, int64 or bool tensor as float32 on the heap (the host-op conversion). */
    static FloatTensor toFloat(OnnxTensor t, String name) {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        int n = Math.toIntExact(FloatTensor.size(shape));
        float[] out = new float[n];
        switch (info.type) {
            case FLOAT -> t.getFloatBuffer().get(out);
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) != 0 ? 1f : 0f;
                }
            }
            default -> throw new IllegalStateException("value '" + name + "' has element type " + info.type
                    + "; attnlab converts only float32, int64 and bool");
        }
        return new FloatTensor(shape, out);
    }
}
