package dev.attnlab.harness.experiment;

import dev.attnlab.api.eval.MethodUnderTest;
import dev.attnlab.api.model.LanguageModel;
import dev.attnlab.api.tensor.FloatTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reference with its logits remembered, so that full attention is computed once per (context,
 * continuation) however many methods and evaluators ask for it. Least recently used entries are dropped
 * beyond a byte budget.
 */
final class CachingMethod implements MethodUnderTest {

    private final MethodUnderTest inner;
    private final long maxBytes;
    private final LinkedHashMap<Key, FloatTensor> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long misses;

    CachingMethod(MethodUnderTest inner, long maxBytes) {
        this.inner = inner;
        this.maxBytes = maxBytes;
    }

    private record Key(int[] context, int[] continuation) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.context, context) && Arrays.equals(k.continuation, continuation);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(context) + Arrays.hashCode(continuation);
        }
    }

    @Override
    public String label() {
        return inner.label();
    }

    @Override
    public FloatTensor continuationLogits(int[] context, int[] continuation) {
        Key key = new Key(context.clone(), continuation.clone());
        FloatTensor hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        misses++;
        FloatTensor logits = inner.continuationLogits(context, continuation);
        long size = 4L * logits.data().length;
        if (size <= maxBytes) {
            cache.put(key, logits);
            bytes += size;
            var it = cache.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<Key, FloatTensor> eldest = it.next();
                bytes -= 4L * eldest.getValue().data().length;
                it.remove();
            }
        }
        return logits;
    }

    /** How many calls reached the reference (for tests and the log). */
    long computed() {
        return misses;
    }

    @Override
    public Optional<LanguageModel> model() {
        return inner.model();
    }
}
