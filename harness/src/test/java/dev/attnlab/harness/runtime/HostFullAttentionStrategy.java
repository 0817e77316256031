package dev.attnlab.harness.runtime;

import dev.attnlab.api.attention.AttentionContext;
import dev.attnlab.api.attention.AttentionResult;
import dev.attnlab.api.attention.AttentionStrategy;
import dev.attnlab.api.attention.KvCache;
import dev.attnlab.api.attention.LayerAttention;
import dev.attnlab.api.config.Settings;
import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.api.tensor.HostOp;
import java.util.List;

/**
 * A test strategy whose attention core is a host op: the KV cache stays graph state, and causal softmax
 * attention over it is computed in Java between the graph segments.
 */
final class HostFullAttentionStrategy implements AttentionStrategy {

    @Override
    public String id() {
        return "test-host-full";
    }

    @Override
    public String description() {
        return "full attention computed in Java as a host op (tests)";
    }

    @Override
    public LayerAttention create(AttentionContext context, Settings settings) {
        HostOp op = new JavaAttention(context);
        return (ops, in) -> {
            KvCache all = KvCache.append(ops, in);
            return AttentionResult.of(ops.host(op, List.of(in.query(), all.keys(), all.values(), in.positions(),
                    all.positions())).get(0));
        };
    }

    /** Inputs q [1,H,T,D], k and v [1,Hkv,S,D], query positions [T], key positions [S]; output [1,H,T,D]. */
    private record JavaAttention(AttentionContext c) implements HostOp {

        @Override
        public String name() {
            return "test-host-full.layer" + c.layer();
        }

        @Override
        public List<Integer> outputRanks() {
            return List.of(4);
        }

        @Override
        public List<FloatTensor> compute(List<FloatTensor> inputs) {
            FloatTensor q = inputs.get(0);
            FloatTensor k = inputs.get(1);
            FloatTensor v = inputs.get(2);
            float[] qPos = inputs.get(3).data();
            float[] kPos = inputs.get(4).data();
            int h = c.heads();
            int t = (int) q.dim(2);
            int s = (int) k.dim(2);
            int d = c.headDim();
            int group = c.heads() / c.kvHeads();
            float[] out = new float[h * t * d];
            for (int head = 0; head < h; head++) {
                int kv = head / group;
                for (int i = 0; i < t; i++) {
                    double[] score = new double[s];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < s; j++) {
                        if (kPos[j] > qPos[i]) {
                            score[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += q.get(0, head, i, e) * k.get(0, kv, j, e);
                        }
                        score[j] = dot * c.defaultScale();
                        max = Math.max(max, score[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < s; j++) {
                        score[j] = Math.exp(score[j] - max);
                        sum += score[j];
                    }
                    for (int j = 0; j < s; j++) {
                        for (int e = 0; e < d; e++) {
                            out[(head * t + i) * d + e] += (float) (score[j] / sum * v.get(0, kv, j, e));
                        }
                    }
                }
            }
            return List.of(FloatTensor.of(out, 1, h, t, d));
        }
    }
}
