package dev.attnlab.harness.tokenize;

import dev.attnlab.api.model.TextTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The tokenizer of llama2.c checkpoints, read from its {@code tokenizer.bin}: a little-endian int32
 * {@code max_token_length}, then for every token a float32 merge score, an int32 byte length and the
 * token's bytes. Ids 0, 1 and 2 are {@code <unk>}, BOS and EOS by llama2.c's convention.
 *
 * <p>Encoding follows llama2.c's {@code run.c}: a leading " " (SentencePiece's dummy prefix) for non-empty
 * text, one token per UTF-8 code point where the vocabulary has it and {@code <0xXX>} byte tokens
 * otherwise, then repeatedly the adjacent pair whose concatenation is a token with the highest score is
 * merged (leftmost on ties) until no pair merges. The merges run on a heap rather than run.c's quadratic
 * rescans so that whole text files tokenize quickly; the order of merges, and so the result, is the same.
 *
 * <p>Decoding maps {@code <0xXX>} tokens back to bytes, leaves out BOS and EOS, and drops the leading space
 * of the first piece and of a piece right after BOS (the dummy prefix), so that
 * {@code decode(encode(text))} gives {@code text} back.
 */
public final class Llama2cTokenizer implements TextTokenizer {

    private static final int UNK = 0;
    private static final int BOS = 1;
    private static final int EOS = 2;
    /** Far above any real token (llama2 uses 27 bytes) but small enough to catch a file that is not a tokenizer.bin. */
    private static final int LARGEST_PLAUSIBLE_TOKEN = 1 << 16;

    private final String name;
    private final String[] pieces; // raw bytes held one char per byte (ISO-8859-1) so lookups are exact
    private final float[] scores;
    private final int maxTokenLength;
    private final Map<String, Integer> ids;
    private final int[] byteTokens; // id of <0xXX> for each byte, or -1

    private Llama2cTokenizer(String name, List<byte[]> tokenBytes, float[] scores, int maxTokenLength) {
        this.name = name;
        this.scores = scores;
        this.maxTokenLength = maxTokenLength;
        this.pieces = new String[tokenBytes.size()];
        this.ids = new HashMap<>();
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = new String(tokenBytes.get(i), StandardCharsets.ISO_8859_1);
            ids.putIfAbsent(pieces[i], i); // duplicates: the lower id wins, deterministically
        }
        this.byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = ids.getOrDefault(String.format("<0x%02X>", b), -1);
        }
    }

    /**
     * Reads {@code tokenizer.bin}; the vocabulary size is the number of entries up to the end of the file.
     *
     * @throws TokenizerException naming the file when it is missing, truncated or not in this format
     */
    public static Llama2cTokenizer load(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read llama2.c tokenizer " + file.toAbsolutePath() + ": " + e, e);
        }
        return parse(file.toAbsolutePath().toString(), file.getFileName().toString(), data);
    }

    /** Parses tokenizer.bin bytes; {@code source} names them in errors. */
    static Llama2cTokenizer parse(String source, String name, byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 4) {
            throw new TokenizerException("llama2.c tokenizer " + source + " has " + data.length
                    + " bytes, fewer than its 4-byte header (int32 max_token_length): not a tokenizer.bin");
        }
        int maxLen = in.getInt();
        if ((maxLen <= 0 || maxLen > LARGEST_PLAUSIBLE_TOKEN) && data[0] == 0x0A) {
            throw new TokenizerException("llama2.c tokenizer " + source + " looks like a SentencePiece protobuf "
                    + "tokenizer.model, not llama2.c's tokenizer.bin; convert it with llama2.c's tokenizer.py "
                    + "(python tokenizer.py -t tokenizer.model) or give the model's tokenizer.json");
        }
        if (maxLen <= 0 || maxLen > LARGEST_PLAUSIBLE_TOKEN) {
            throw new TokenizerException("llama2.c tokenizer " + source + " declares max_token_length " + maxLen
                    + ", expected 1.." + LARGEST_PLAUSIBLE_TOKEN + ": not a tokenizer.bin (is it a model checkpoint?)");
        }
        List<byte[]> tokens = new ArrayList<>();
        List<Float> scoreList = new ArrayList<>();
        while (in.hasRemaining()) {
            int index = tokens.size();
            int at = in.position();
            try {
                float score = in.getFloat();
                int len = in.getInt();
                if (len < 0 || len > maxLen) {
                    throw new TokenizerException("llama2.c tokenizer " + source + ": token " + index + " (byte offset "
                            + at + ") has length " + len + ", expected 0.." + maxLen
                            + " (the file's max_token_length); the file is corrupt or not a tokenizer.bin");
                }
                byte[] bytes = new byte[len];
                in.get(bytes);
                tokens.add(bytes);
                scoreList.add(score);
            } catch (BufferUnderflowException e) {
                throw new TokenizerException("llama2.c tokenizer " + source + " is truncated: token " + index
                        + " starts at byte " + at + " but the file ends at byte " + data.length
                        + "; re-export or re-download the tokenizer.bin");
            }
        }
        if (tokens.size() <= EOS) {
            throw new TokenizerException("llama2.c tokenizer " + source + " has " + tokens.size()
                    + " tokens; expected at least 3 (<unk>, BOS, EOS)");
        }
        float[] scores = new float[scoreList.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scoreList.get(i);
        }
        return new Llama2cTokenizer(name, tokens, scores, maxLen);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    /** The longest token in bytes, as the file's header declares it. */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** The bytes of token {@code id} as stored in the file (BOS/EOS and {@code <0xXX>} included literally). */
    public byte[] pieceBytes(int id) {
        checkId(id);
        return pieces[id].getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The merge score of token {@code id}. */
    public float score(int id) {
        checkId(id);
        return scores[id];
    }

    @Override
    public int bosToken() {
        return BOS;
    }

    @Override
    public int eosToken() {
        return EOS;
    }

    @Override
    public int[] encode(String text) {
        return encode(text, false, false);
    }

    /** Encodes like run.c's {@code encode(t, text, bos, eos, ...)}. */
    public int[] encode(String text, boolean bos, boolean eos) {
        List<Integer> initial = new ArrayList<>();
        if (!text.isEmpty()) {
            Integer prefix = ids.get(" ");
            if (prefix != null) {
                initial.add(prefix);
            }
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        while (start < utf8.length) {
            int end = start + 1;
            while (end < utf8.length && end - start < 4 && (utf8[end] & 0xC0) == 0x80) {
                end++; // continuation bytes belong to the same code point (at most 4 bytes, as in run.c)
            }
            Integer id = ids.get(new String(utf8, start, end - start, StandardCharsets.ISO_8859_1));
            if (id != null) {
                initial.add(id);
            } else {
                for (int i = start; i < end; i++) {
                    initial.add(byteFallback(utf8[i] & 0xFF, text));
                }
            }
            start = end;
        }
        int[] merged = mergeByScore(initial);
        int n = merged.length + (bos ? 1 : 0) + (eos ? 1 : 0);
        int[] out = new int[n];
        int k = 0;
        if (bos) {
            out[k++] = BOS;
        }
        System.arraycopy(merged, 0, out, k, merged.length);
        if (eos) {
            out[n - 1] = EOS;
        }
        return out;
    }

    private int byteFallback(int b, String text) {
        if (byteTokens[b] >= 0) {
            return byteTokens[b];
        }
        if ("<unk>".equals(pieces[UNK])) {
            return UNK;
        }
        throw new TokenizerException(String.format("llama2.c tokenizer %s has no byte token <0x%02X> and no <unk>"
                + " to encode a character of \"%s\"", name, b, abbreviate(text)));
    }

    /** A pending merge of node {@code left} with its right neighbour, valid while both are unchanged. */
    private record Candidate(float score, int left, int right, int leftVersion, int rightVersion, int merged) {
    }

    private int[] mergeByScore(List<Integer> tokens) {
        int n = tokens.size();
        int[] id = new int[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        int[] version = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = tokens.get(i);
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        PriorityQueue<Candidate> heap = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) {
            offer(heap, i, i + 1, id, version);
        }
        boolean[] removed = new boolean[n];
        int alive = n;
        while (!heap.isEmpty()) {
            Candidate c = heap.poll();
            if (removed[c.left] || removed[c.right] || next[c.left] != c.right
                    || version[c.left] != c.leftVersion || version[c.right] != c.rightVersion) {
                continue; // stale: one side has merged since this pair was offered
            }
            id[c.left] = c.merged;
            version[c.left]++;
            removed[c.right] = true;
            alive--;
            next[c.left] = next[c.right];
            if (next[c.right] >= 0) {
                prev[next[c.right]] = c.left;
            }
            if (prev[c.left] >= 0) {
                offer(heap, prev[c.left], c.left, id, version);
            }
            if (next[c.left] >= 0) {
                offer(heap, c.left, next[c.left], id, version);
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = n == 0 ? -1 : 0; i >= 0; i = next[i]) {
            out[k++] = id[i];
        }
        return out;
    }

    private void offer(PriorityQueue<Candidate> heap, int left, int right, int[] id, int[] version) {
        Integer merged = ids.get(pieces[id[left]] + pieces[id[right]]);
        if (merged != null) {
            heap.add(new Candidate(scores[merged], left, right, version[left], version[right], merged));
        }
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = -1;
        for (int i = 0; i < tokens.length; i++) {
            int token = tokens[i];
            checkId(token);
            if (token == BOS || token == EOS) {
                previous = token;
                continue;
            }
            String piece = pieces[token];
            if ((i == 0 || previous == BOS) && piece.startsWith(" ")) {
                piece = piece.substring(1);
            }
            int b = byteValue(piece);
            if (b >= 0) {
                out.write(b);
            } else {
                byte[] raw = piece.getBytes(StandardCharsets.ISO_8859_1);
                out.write(raw, 0, raw.length);
            }
            previous = token;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The byte a {@code <0xXX>} piece stands for, or -1. */
    private static int byteValue(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        try {
            return Integer.parseInt(piece.substring(3, 5), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside tokenizer " + name + " (ids 0.."
                    + (pieces.length - 1) + ")");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    @Override
    public String toString() {
        return "Llama2cTokenizer[" + name + ", " + pieces.length + " tokens]";
    }
}
