package dev.attnlab.harness.train.autocompress;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A token-level fact-recall corpus: each document states a few facts in its first segment, as pairs
 * (key token, value token) among filler tokens, and recalls them in its second segment: each key again,
 * followed by its value. A reader that saw the first segment predicts every recalled value exactly; one
 * that did not can only guess among the values (loss ln(values), accuracy 1/values). The recalled values
 * are the tokens the fact-recall measurement scores.
 *
 * <p>Ids: 0 unused (padding), 1 BOS (every document starts with it), then {@code keys} key ids,
 * {@code values} value ids and the rest filler ids up to {@code vocab - 1}.
 */
final class FactCorpus {

    static final int BOS = 1;

    /** Documents laid end to end, and for each the positions (within it) of the recalled values. */
    record Documents(int[] tokens, int length, int[][] answers) {

        int count() {
            return answers.length;
        }

        /** Documents {@code from..from+n-1} flattened as {@code [n, length]}. */
        int[] slice(int from, int n) {
            return Arrays.copyOfRange(tokens, from * length, (from + n) * length);
        }
    }

    private final int vocab;
    private final int keys;
    private final int values;
    private final int facts;

    FactCorpus(int vocab, int keys, int values, int facts) {
        if (keys < facts || values < 2 || vocab - 2 - keys - values < 1) {
            throw new IllegalArgumentException("fact corpus needs keys >= facts, values >= 2 and at least one filler"
                    + " id: vocab " + vocab + ", keys " + keys + ", values " + values + ", facts " + facts);
        }
        this.vocab = vocab;
        this.keys = keys;
        this.values = values;
        this.facts = facts;
    }

    int values() {
        return values;
    }

    /**
     * {@code count} documents of {@code first + second} tokens: facts stated in the first {@code first} tokens
     * and recalled in the next {@code second}.
     */
    Documents documents(int count, int first, int second, long seed) {
        int slotsFirst = (first - 1) / 2;
        int slotsSecond = (second - 1) / 2;
        if (slotsFirst < facts || slotsSecond < facts) {
            throw new IllegalArgumentException(facts + " facts do not fit segments of " + first + " and " + second
                    + " tokens (each fact takes 2 tokens per segment, after one leading token)");
        }
        int length = first + second;
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = new int[count * length];
        int[][] answers = new int[count][];
        int fillerBase = 2 + keys + values;
        int fillers = vocab - fillerBase;
        for (int d = 0; d < count; d++) {
            int base = d * length;
            for (int i = 0; i < length; i++) {
                tokens[base + i] = fillerBase + random.nextInt(fillers);
            }
            tokens[base] = BOS;
            int[] factKeys = distinct(random, facts, keys);
            int[] stated = distinct(random, facts, slotsFirst);
            int[] recalled = distinct(random, facts, slotsSecond);
            answers[d] = new int[facts];
            for (int f = 0; f < facts; f++) {
                int key = 2 + factKeys[f];
                int value = 2 + keys + random.nextInt(values);
                int at = base + 1 + 2 * stated[f];
                tokens[at] = key;
                tokens[at + 1] = value;
                int again = first + 1 + 2 * recalled[f];
                tokens[base + again] = key;
                tokens[base + again + 1] = value;
                answers[d][f] = again + 1;
            }
            Arrays.sort(answers[d]);
        }
        return new Documents(tokens, length, answers);
    }

    /** {@code n} distinct ints in {@code 0..bound-1}, in random order. */
    private static int[] distinct(SplittableRandom random, int n, int bound) {
        int[] all = new int[bound];
        Arrays.setAll(all, i -> i);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(bound - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, n);
    }
}
