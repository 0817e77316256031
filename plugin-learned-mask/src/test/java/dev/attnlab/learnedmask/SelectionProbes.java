package dev.attnlab.learnedmask;

import dev.attnlab.api.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/** What the learned-mask tests read off a run: q.k scores and the keys a query's probabilities kept. */
final class SelectionProbes {

    private SelectionProbes() {
    }

    /** q.k of query i (head h) and key j (kv head kvh), {@code q [1, H, T, D]}, {@code k [1, KV, S, D]}. */
    static double dot(FloatTensor q, FloatTensor k, int h, int kvh, int i, int j) {
        double s = 0;
        for (int d = 0; d < q.shape()[3]; d++) {
            s += q.get(0, h, i, d) * k.get(0, kvh, j, d);
        }
        return s;
    }

    /** The keys with a non-zero probability for query i of head h, {@code p [1, H, T, S]}. */
    static List<Integer> kept(FloatTensor p, int h, int i) {
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < p.shape()[3]; j++) {
            if (p.get(0, h, i, j) != 0f) {
                kept.add(j);
            }
        }
        return kept;
    }
}
