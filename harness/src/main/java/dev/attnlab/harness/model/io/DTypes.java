package dev.attnlab.harness.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Safetensors element types: their widths and conversion of the floating ones to float32. */
final class DTypes {

    private DTypes() {
    }

    /** Bytes per element, or -1 for a dtype this reader does not know. */
    static int bytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> -1;
        };
    }

    static boolean isFloat(String dtype) {
        return dtype.equals("F32") || dtype.equals("F16") || dtype.equals("BF16") || dtype.equals("F64");
    }

    static float[] toFloats(String dtype, ByteBuffer data) {
        ByteBuffer le = data.order(ByteOrder.LITTLE_ENDIAN);
        int n = le.remaining() / bytes(dtype);
        float[] out = new float[n];
        switch (dtype) {
            case "F32" -> le.asFloatBuffer().get(out);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) le.getDouble(le.position() + 8 * i);
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((le.getShort(le.position() + 2 * i) & 0xffff) << 16);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(le.getShort(le.position() + 2 * i) & 0xffff);
                }
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (exact: every half value is a float). */
    static float halfToFloat(int bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent + 112) << 23) | (mantissa << 13));
        }
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }
}
