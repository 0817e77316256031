package dev.attnlab.harness.runtime;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark (not a test): the attention composition the ONNX lowering records (MatMul, Mul, Where, Softmax,
 * MatMul on [1, H, T, D] with a boolean [T, S] mask) against ORT's fused CPU op com.microsoft.MultiHeadAttention
 * fed the same tensors (transposed to [1, T, H*D], mask turned into an additive bias). Prints the time per run
 * of each, their ratio and the largest output difference. Run from the repository root:
 * <pre>
 * mvn -o -q -pl harness test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp harness/target/test-classes:harness/target/classes:$(cat /tmp/cp.txt) dev.attnlab.harness.runtime.FusedAttentionBenchmark
 * </pre>
 */
public final class FusedAttentionBenchmark {

    private FusedAttentionBenchmark() {
    }

    static OnnxMl.ValueInfoProto vi(String n, int type, long... dims) {
        var s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return OnnxMl.ValueInfoProto.newBuilder().setName(n).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
            OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }
    static OnnxMl.NodeProto node(String op, String dom, List<String> in, List<String> out, OnnxMl.AttributeProto... a) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setDomain(dom).addAllInput(in).addAllOutput(out).addAllAttribute(List.of(a)).build();
    }
    static OnnxMl.AttributeProto ints(String n, long... v) { var b = OnnxMl.AttributeProto.newBuilder().setName(n).setType(OnnxMl.AttributeProto.AttributeType.INTS); for (long x: v) b.addInts(x); return b.build(); }
    static OnnxMl.AttributeProto i(String n, long v) { return OnnxMl.AttributeProto.newBuilder().setName(n).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v).build(); }
    static OnnxMl.AttributeProto f(String n, float v) { return OnnxMl.AttributeProto.newBuilder().setName(n).setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(v).build(); }
    static OnnxMl.TensorProto ft(String n, float v) { ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN); b.putFloat(v); b.flip(); return OnnxMl.TensorProto.newBuilder().setName(n).setDataType(1).setRawData(ByteString.copyFrom(b)).build(); }
    static OnnxMl.TensorProto lt(String n, long... v) { ByteBuffer b = ByteBuffer.allocate(8*v.length).order(ByteOrder.LITTLE_ENDIAN); for (long x: v) b.putLong(x); b.flip(); return OnnxMl.TensorProto.newBuilder().setName(n).setDataType(7).addDims(v.length).setRawData(ByteString.copyFrom(b)).build(); }

    static byte[] model(boolean fused, int H, int T, int S, int D, float scale) {
        var g = OnnxMl.GraphProto.newBuilder().setName("g");
        g.addInput(vi("q", 1, 1, H, T, D)).addInput(vi("k", 1, 1, H, S, D)).addInput(vi("v", 1, 1, H, S, D)).addInput(vi("mask", 9, T, S));
        g.addOutput(vi("out", 1, 1, H, T, D));
        g.addInitializer(ft("scale", scale)).addInitializer(ft("neg", -1e30f)).addInitializer(ft("zero", 0f));
        if (!fused) {
            g.addNode(node("Transpose", "", List.of("k"), List.of("kt"), ints("perm", 0, 1, 3, 2)));
            g.addNode(node("MatMul", "", List.of("q", "kt"), List.of("s0")));
            g.addNode(node("Mul", "", List.of("s0", "scale"), List.of("s1")));
            g.addNode(node("Where", "", List.of("mask", "s1", "neg"), List.of("s2")));
            g.addNode(node("Softmax", "", List.of("s2"), List.of("p"), i("axis", -1)));
            g.addNode(node("MatMul", "", List.of("p", "v"), List.of("out")));
        } else {
            g.addInitializer(lt("shape3", 0, 0, -1)).addInitializer(lt("shape4", 0, 0, H, D)).addInitializer(lt("ax01", 0, 1));
            for (String n : List.of("q", "k", "v")) {
                g.addNode(node("Transpose", "", List.of(n), List.of(n + "t"), ints("perm", 0, 2, 1, 3)));
                g.addNode(node("Reshape", "", List.of(n + "t", "shape3"), List.of(n + "3")));
            }
            g.addNode(node("Where", "", List.of("mask", "zero", "neg"), List.of("bias2")));
            g.addNode(node("Unsqueeze", "", List.of("bias2", "ax01"), List.of("bias")));
            g.addNode(node("MultiHeadAttention", "com.microsoft", List.of("q3", "k3", "v3", "", "", "bias"), List.of("o3"), i("num_heads", H), f("scale", scale)));
            g.addNode(node("Reshape", "", List.of("o3", "shape4"), List.of("o4")));
            g.addNode(node("Transpose", "", List.of("o4"), List.of("out"), ints("perm", 0, 2, 1, 3)));
        }
        var m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17));
        if (fused) m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1));
        return m.setGraph(g).build().toByteArray();
    }

    public static void main(String[] args) throws Exception {
        var env = OrtEnvironment.getEnvironment();
        int H = 8, D = 64;
        for (int[] ts : new int[][] {{512, 512}, {1, 512}, {128, 128}}) {
            int T = ts[0], S = ts[1];
            Random r = new Random(1);
            float[] q = new float[H*T*D], k = new float[H*S*D], v = new float[H*S*D];
            for (float[] x : List.of(q, k, v)) for (int j = 0; j < x.length; j++) x[j] = (float) r.nextGaussian();
            ByteBuffer mask = ByteBuffer.allocateDirect(T*S);
            for (int i = 0; i < T; i++) for (int j = 0; j < S; j++) mask.put(i*S+j, (byte) (j <= i + (S - T) ? 1 : 0));
            Map<String, OnnxTensor> feeds = Map.of(
                "q", OnnxTensor.createTensor(env, FloatBuffer.wrap(q), new long[]{1,H,T,D}),
                "k", OnnxTensor.createTensor(env, FloatBuffer.wrap(k), new long[]{1,H,S,D}),
                "v", OnnxTensor.createTensor(env, FloatBuffer.wrap(v), new long[]{1,H,S,D}),
                "mask", OnnxTensor.createTensor(env, mask, new long[]{T,S}, OnnxJavaType.BOOL));
            float[][] outs = new float[2][];
            double[] ms = new double[2];
            for (int fused = 0; fused < 2; fused++) {
                try (var opts = new OrtSession.SessionOptions()) {
                    opts.setIntraOpNumThreads(2);
                    try (var s = env.createSession(model(fused == 1, H, T, S, D, 0.125f), opts)) {
                        int reps = T == 1 ? 2000 : 30;
                        for (int w = 0; w < reps / 3; w++) s.run(feeds).close();
                        long t0 = System.nanoTime();
                        for (int w = 0; w < reps; w++) s.run(feeds).close();
                        ms[fused] = (System.nanoTime() - t0) / 1e6 / reps;
                        try (var res = s.run(feeds)) { FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer(); outs[fused] = new float[fb.remaining()]; fb.get(outs[fused]); }
                    }
                }
            }
            double maxDiff = 0; for (int j = 0; j < outs[0].length; j++) maxDiff = Math.max(maxDiff, Math.abs(outs[0][j] - outs[1][j]));
            System.out.printf("H=%d D=%d T=%d S=%d: composition %.3f ms, MultiHeadAttention %.3f ms, ratio fused/composition %.2f, max|diff| %.2e (out[0]=%.5f vs %.5f)%n", H, D, T, S, ms[0], ms[1], ms[1]/ms[0], maxDiff, outs[0][5], outs[1][5]);
        }
    }
}
