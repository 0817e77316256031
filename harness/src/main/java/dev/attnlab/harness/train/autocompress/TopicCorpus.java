package dev.attnlab.harness.train.autocompress;

import java.util.SplittableRandom;

/**
 * A token corpus whose long-range structure is known in closed form: each document draws a topic (a
 * random set of {@code topicSize} token ids) and then every token uniformly from its topic. A reader that
 * has seen enough of the document predicts with loss ln(topicSize); one that starts mid-document must
 * first rediscover the topic. Used to check that summary vectors carry the topic across segments.
 */
final class TopicCorpus {

    private TopicCorpus() {
    }

    /**
     * {@code length} tokens of documents of {@code documentLength} tokens over ids {@code 2..vocab-1}
     * (ids 0 and 1 are left for padding and BOS; every document starts with BOS = 1).
     */
    static int[] tokens(int length, int documentLength, int vocab, int topicSize, long seed) {
        if (topicSize < 1 || topicSize > vocab - 2) {
            throw new IllegalArgumentException("topic size " + topicSize + " must be in 1.." + (vocab - 2));
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[length];
        int[] topic = new int[topicSize];
        for (int i = 0; i < length; i++) {
            if (i % documentLength == 0) {
                drawTopic(random, vocab, topic);
                out[i] = 1;
            } else {
                out[i] = topic[random.nextInt(topicSize)];
            }
        }
        return out;
    }

    private static void drawTopic(SplittableRandom random, int vocab, int[] topic) {
        int filled = 0;
        while (filled < topic.length) {
            int candidate = 2 + random.nextInt(vocab - 2);
            boolean seen = false;
            for (int i = 0; i < filled; i++) {
                seen |= topic[i] == candidate;
            }
            if (!seen) {
                topic[filled++] = candidate;
            }
        }
    }
}
