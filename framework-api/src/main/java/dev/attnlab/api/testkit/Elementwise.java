package dev.attnlab.api.testkit;

import dev.attnlab.api.tensor.DType;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** Broadcasting elementwise kernels; float math runs in double and rounds once to float32. */
final class Elementwise {

    /** A float and an int64 form of one comparison. */
    interface Comparison {
        boolean floats(double a, double b);

        boolean longs(long a, long b);
    }

    private Elementwise() {
    }

    static ArrayTensor binary(String op, ArrayTensor a, ArrayTensor b, DoubleBinaryOperator f, LongBinaryOperator l) {
        sameType(op, a, b);
        long[] out = Shapes.broadcast(op, a.shape(), b.shape());
        int[] ia = Shapes.broadcastMap(out, a.shape());
        int[] ib = Shapes.broadcastMap(out, b.shape());
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] r = new float[ia.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (float) f.applyAsDouble(a.floats()[ia[i]], b.floats()[ib[i]]);
                }
                return ArrayTensor.ofFloats(r, out);
            }
            case INT64 -> {
                if (l == null) {
                    throw new IllegalArgumentException(op + " needs FLOAT32 operands, found " + a.describe()
                            + " and " + b.describe());
                }
                long[] r = new long[ia.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = l.applyAsLong(a.longs()[ia[i]], b.longs()[ib[i]]);
                }
                return ArrayTensor.ofLongs(r, out);
            }
            default -> throw new IllegalArgumentException(op + " needs numeric operands, found " + a.describe()
                    + " and " + b.describe());
        }
    }

    static ArrayTensor unary(String op, ArrayTensor x, DoubleUnaryOperator f, LongUnaryOperator l) {
        if (x.dtype() == DType.FLOAT32) {
            float[] r = new float[x.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) f.applyAsDouble(x.floats()[i]);
            }
            return ArrayTensor.ofFloats(r, x.shape());
        }
        if (x.dtype() == DType.INT64 && l != null) {
            long[] r = new long[x.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = l.applyAsLong(x.longs()[i]);
            }
            return ArrayTensor.ofLongs(r, x.shape());
        }
        throw new IllegalArgumentException(op + " needs a FLOAT32" + (l == null ? "" : " or INT64")
                + " tensor, found " + x.describe());
    }

    static ArrayTensor compare(String op, ArrayTensor a, ArrayTensor b, Comparison c) {
        sameType(op, a, b);
        long[] out = Shapes.broadcast(op, a.shape(), b.shape());
        int[] ia = Shapes.broadcastMap(out, a.shape());
        int[] ib = Shapes.broadcastMap(out, b.shape());
        boolean[] r = new boolean[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = switch (a.dtype()) {
                case FLOAT32 -> c.floats(a.floats()[ia[i]], b.floats()[ib[i]]);
                case INT64 -> c.longs(a.longs()[ia[i]], b.longs()[ib[i]]);
                case BOOL -> {
                    if (!op.equals("equal")) {
                        throw new IllegalArgumentException(op + " needs numeric operands, found " + a.describe());
                    }
                    yield a.bools()[ia[i]] == b.bools()[ib[i]];
                }
            };
        }
        return ArrayTensor.ofBools(r, out);
    }

    static ArrayTensor and(ArrayTensor a, ArrayTensor b) {
        requireBool("and", a);
        requireBool("and", b);
        long[] out = Shapes.broadcast("and", a.shape(), b.shape());
        int[] ia = Shapes.broadcastMap(out, a.shape());
        int[] ib = Shapes.broadcastMap(out, b.shape());
        boolean[] r = new boolean[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.bools()[ia[i]] && b.bools()[ib[i]];
        }
        return ArrayTensor.ofBools(r, out);
    }

    static ArrayTensor not(ArrayTensor x) {
        requireBool("not", x);
        boolean[] r = new boolean[x.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = !x.bools()[i];
        }
        return ArrayTensor.ofBools(r, x.shape());
    }

    static ArrayTensor where(ArrayTensor condition, ArrayTensor a, ArrayTensor b) {
        requireBool("where (condition)", condition);
        sameType("where", a, b);
        long[] out = Shapes.broadcast("where", condition.shape(), a.shape(), b.shape());
        int[] ic = Shapes.broadcastMap(out, condition.shape());
        int[] ia = Shapes.broadcastMap(out, a.shape());
        int[] ib = Shapes.broadcastMap(out, b.shape());
        ArrayTensor result = ArrayTensor.zeros(a.dtype(), out);
        Object target = result.data();
        Object sa = a.data();
        Object sb = b.data();
        for (int i = 0; i < ic.length; i++) {
            boolean pickA = condition.bools()[ic[i]];
            System.arraycopy(pickA ? sa : sb, pickA ? ia[i] : ib[i], target, i, 1);
        }
        return result;
    }

    static ArrayTensor cast(ArrayTensor x, DType to) {
        int n = x.size();
        long[] shape = x.shape();
        return switch (to) {
            case FLOAT32 -> {
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = switch (x.dtype()) {
                        case FLOAT32 -> x.floats()[i];
                        case INT64 -> x.longs()[i];
                        case BOOL -> x.bools()[i] ? 1f : 0f;
                    };
                }
                yield ArrayTensor.ofFloats(r, shape);
            }
            case INT64 -> {
                long[] r = new long[n];
                for (int i = 0; i < n; i++) {
                    // float to int64 truncates toward zero, as numpy and ONNX Runtime do
                    r[i] = switch (x.dtype()) {
                        case FLOAT32 -> (long) x.floats()[i];
                        case INT64 -> x.longs()[i];
                        case BOOL -> x.bools()[i] ? 1L : 0L;
                    };
                }
                yield ArrayTensor.ofLongs(r, shape);
            }
            case BOOL -> {
                boolean[] r = new boolean[n];
                for (int i = 0; i < n; i++) {
                    r[i] = switch (x.dtype()) {
                        case FLOAT32 -> x.floats()[i] != 0f;
                        case INT64 -> x.longs()[i] != 0L;
                        case BOOL -> x.bools()[i];
                    };
                }
                yield ArrayTensor.ofBools(r, shape);
            }
        };
    }

    /** Integer division truncating toward zero (C semantics, as ONNX Runtime's Div on int64). */
    static long divide(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("div: int64 division by zero");
        }
        return a / b;
    }

    private static void sameType(String op, ArrayTensor a, ArrayTensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": operands must have the same type, found " + a.describe()
                    + " and " + b.describe() + " (insert a cast)");
        }
    }

    private static void requireBool(String op, ArrayTensor x) {
        if (x.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + " needs a BOOL tensor, found " + x.describe());
        }
    }
}
