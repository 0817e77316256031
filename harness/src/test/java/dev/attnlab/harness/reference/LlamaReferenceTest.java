package dev.attnlab.harness.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attnlab.api.tensor.FloatTensor;
import dev.attnlab.harness.model.LlamaConfig;
import dev.attnlab.harness.model.LlamaModel;
import dev.attnlab.harness.model.MapWeightStore;
import dev.attnlab.harness.model.RopeLayout;
import dev.attnlab.harness.model.io.Llama2cLoader;
import dev.attnlab.harness.model.io.TestAssets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LlamaReferenceTest {

    /**
     * The shared assets' README measures about 2.4 nats per token for stories260K on its own samples
     * (a uniform model scores ln 512 = 6.24); this pass measures 2.29 on 4 x 500 tokens sampled at
     * temperature 1 with seeds 0-3 (single 500-token samples range from about 1.8 to 2.8, hence four).
     * The same pass with the wrong RoPE pairing (HALF on these interleaved weights) measures 2.73, so
     * the band 2.0-2.6 separates a correct forward pass from that plausible bug.
     */
    @Test
    void stories260KPredictsItsOwnSamplesAtAbout2Point4NatsPerToken() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        LlamaReference reference = new LlamaReference(model.config(), model.weights());
        double nll = 0;
        for (long seed = 0; seed < 4; seed++) {
            nll += selfSampledNll(reference, 500, seed) / 4;
        }
        assertThat(nll).as("mean NLL in nats/token over 4 x 500 sampled tokens").isBetween(2.0, 2.6);
        assertThat(nll).isLessThan(Math.log(512) / 2);
    }

    /**
     * Meta's interleaved RoPE and HF's rotate_half layout are the same model once the q/k projection
     * rows are permuted as HF's Llama conversion script does: so stories260K (interleaved) and its
     * permuted copy (HALF) must give the same logits. Tolerance 1e-5 (float rounding only).
     */
    @Test
    void interleavedRopeEqualsHalfRopeOnPermutedProjections() {
        LlamaModel model = Llama2cLoader.load(TestAssets.stories260K());
        LlamaConfig c = model.config();
        Map<String, FloatTensor> permuted = new LinkedHashMap<>();
        for (String name : model.weights().names()) {
            FloatTensor w = model.weights().get(name).orElseThrow();
            boolean qk = name.endsWith("q_proj.weight") || name.endsWith("k_proj.weight");
            permuted.put(name, qk ? interleavedToHalf(w, c.headDim()) : w);
        }
        LlamaConfig half = new LlamaConfig(c.dim(), c.hiddenDim(), c.layers(), c.heads(), c.kvHeads(), c.vocabSize(),
                c.maxSeqLen(), c.normEps(), c.ropeTheta(), RopeLayout.HALF, c.sharedClassifier(), false);
        int[] tokens = {1, 300, 22, 415, 7, 7, 500, 128, 64, 2, 90};
        FloatTensor a = new LlamaReference(c, model.weights()).logits(tokens);
        FloatTensor b = new LlamaReference(half, new MapWeightStore(permuted, "permuted")).logits(tokens);
        for (int i = 0; i < a.data().length; i++) {
            assertThat(b.data()[i]).isCloseTo(a.data()[i], Offset.offset(1e-5f));
        }
        FloatTensor wrong = new LlamaReference(half, model.weights()).logits(tokens);
        assertThat(maxAbsDiff(wrong, a)).as("the layout matters for this checkpoint").isGreaterThan(0.1f);
    }

    /** Row (head, j, s) of an interleaved projection moves to row (head, s, j). */
    private static FloatTensor interleavedToHalf(FloatTensor w, int headDim) {
        int rows = (int) w.dim(0);
        int cols = (int) w.dim(1);
        float[] out = new float[w.data().length];
        int half = headDim / 2;
        for (int r = 0; r < rows; r++) {
            int head = r / headDim;
            int j = (r % headDim) / 2;
            int s = r % 2;
            int target = head * headDim + s * half + j;
            System.arraycopy(w.data(), r * cols, out, target * cols, cols);
        }
        return new FloatTensor(w.shape(), out);
    }

    static double selfSampledNll(LlamaReference reference, int tokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        reference.reset();
        float[] logits = reference.step(1);
        double nll = 0;
        for (int i = 0; i < tokens; i++) {
            int next = sample(logits, random);
            nll += -logSoftmax(logits, next);
            logits = reference.step(next);
        }
        return nll / tokens;
    }

    private static int sample(float[] logits, SplittableRandom random) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double u = random.nextDouble() * sum;
        double cumulative = 0;
        for (int i = 0; i < logits.length; i++) {
            cumulative += Math.exp(logits[i] - max);
            if (u < cumulative) {
                return i;
            }
        }
        return logits.length - 1;
    }

    private static double logSoftmax(float[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return logits[index] - max - Math.log(sum);
    }

    private static float maxAbsDiff(FloatTensor a, FloatTensor b) {
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
