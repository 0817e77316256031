package dev.attnlab.harness.eval;

import java.util.SplittableRandom;

/**
 * Builds the token sequences of the retrieval tests. Needle tokens (marker, key, copied segment) are
 * drawn so that they do not occur elsewhere in the sequence: the answer is then unambiguous and a model
 * that copies what followed the earlier occurrence of the cue gets every token right.
 */
final class RetrievalTasks {

    /**
     * A sequence to feed the method and the part it must produce.
     *
     * @param context      what the model reads
     * @param answer       what it must continue with
     * @param position     where the needle (key or first copy) starts in {@code context}
     * @param distance     tokens from the needle's start to the first answer position
     */
    record Task(int[] context, int[] answer, int position, int distance) {
    }

    private RetrievalTasks() {
    }

    /**
     * Passkey: data filler with {@code marker + key} inserted at {@code depth} of it, then the marker again;
     * the answer is the key. Context and answer together are {@code length} tokens.
     */
    static Task passkey(int[] filler, int length, double depth, int markerLength, int keyLength, int vocab,
                        SplittableRandom random) {
        int needle = markerLength + keyLength;
        int contextLength = length - keyLength;
        int fillerLength = contextLength - needle - markerLength;
        if (fillerLength < 0) {
            throw new IllegalArgumentException("length " + length + " is shorter than the needle, question and answer ("
                    + (needle + markerLength + keyLength) + " tokens)");
        }
        int[] source = slice(filler, fillerLength, random, vocab);
        int[] special = distinct(markerLength + keyLength, vocab, source, random);
        int position = (int) Math.round(depth * fillerLength);
        int[] context = new int[contextLength];
        System.arraycopy(source, 0, context, 0, position);
        System.arraycopy(special, 0, context, position, needle);
        System.arraycopy(source, position, context, position + needle, fillerLength - position);
        System.arraycopy(special, 0, context, contextLength - markerLength, markerLength);
        int[] key = java.util.Arrays.copyOfRange(special, markerLength, needle);
        return new Task(context, key, position, contextLength - position);
    }

    /**
     * Copy: a random segment of {@code segment} tokens placed at {@code depth} of the free space, random
     * tokens around it, and the segment's first token at the end as the cue; the answer is the rest of
     * the segment. Total context length is {@code length - segment + 1}, so that context + answer is
     * {@code length} tokens.
     */
    static Task copy(int length, double depth, int segment, int vocab, SplittableRandom random) {
        int contextLength = length - segment + 1;
        int free = contextLength - segment - 1;
        if (free < 0 || segment < 2) {
            throw new IllegalArgumentException("length " + length + " cannot hold two copies of " + segment + " tokens");
        }
        int[] copied = distinct(segment, vocab, new int[0], random);
        boolean[] banned = new boolean[vocab];
        for (int t : copied) {
            banned[t] = true;
        }
        int[] context = new int[contextLength];
        for (int i = 0; i < contextLength; i++) {
            context[i] = draw(vocab, banned, random);
        }
        int position = (int) Math.round(depth * free);
        System.arraycopy(copied, 0, context, position, segment);
        context[contextLength - 1] = copied[0];
        return new Task(context, java.util.Arrays.copyOfRange(copied, 1, segment), position,
                contextLength - position);
    }

    /** {@code count} data tokens from a random offset, cycled; random tokens when there is no data. */
    private static int[] slice(int[] filler, int count, SplittableRandom random, int vocab) {
        int[] out = new int[count];
        if (filler.length == 0) {
            for (int i = 0; i < count; i++) {
                out[i] = random.nextInt(vocab);
            }
            return out;
        }
        int start = random.nextInt(filler.length);
        for (int i = 0; i < count; i++) {
            out[i] = filler[(start + i) % filler.length];
        }
        return out;
    }

    /** {@code count} distinct tokens, avoiding those in {@code avoid} while the vocabulary allows it. */
    private static int[] distinct(int count, int vocab, int[] avoid, SplittableRandom random) {
        boolean[] banned = new boolean[vocab];
        int free = vocab;
        for (int t : avoid) {
            if (t >= 0 && t < vocab && !banned[t]) {
                banned[t] = true;
                free--;
            }
        }
        if (free < count) {
            java.util.Arrays.fill(banned, false); // too small a vocabulary to avoid the filler
        }
        if (vocab < count) {
            throw new IllegalArgumentException("a vocabulary of " + vocab + " cannot give " + count + " distinct tokens");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = draw(vocab, banned, random);
            banned[out[i]] = true;
        }
        return out;
    }

    private static int draw(int vocab, boolean[] banned, SplittableRandom random) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int t = random.nextInt(vocab);
            if (!banned[t]) {
                return t;
            }
        }
        throw new IllegalStateException("no free token left in a vocabulary of " + vocab);
    }
}
