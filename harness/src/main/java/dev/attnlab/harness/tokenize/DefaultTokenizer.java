package dev.attnlab.harness.tokenize;

import dev.attnlab.api.model.TextTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * attnlab's own word-level tokenizer for the embedded default model: a fixed list of lower-case words (those
 * the synthetic corpus uses), single letters, digits, ASCII punctuation and whitespace, plus control tokens.
 *
 * <p>Ids: 0 {@code <unk>}, 1 {@code <bos>}, 2 {@code <eos>} (llama2.c's convention), 3 {@code <glue>},
 * 4 {@code <cap>}, 5 {@code <upper>}, then space, newline, tab, carriage return, the digits, the 32 ASCII
 * punctuation characters, the letters a-z, then the words in the order of the vocabulary file.
 *
 * <p>Spaces are implicit: the decoder puts one space between two pieces where English usually has one
 * (between words and numbers, after closing punctuation such as {@code .}, never inside a number or a
 * spelled word, never around {@code ' - / _ @}). The encoder writes a {@code <glue>} token where the text
 * has no space although the rule wants one, and the literal whitespace tokens where the text's whitespace
 * differs from the rule in any other way. Capitalised and all-caps known words get a {@code <cap>} or
 * {@code <upper>} marker; other words are spelled letter by letter. Every ASCII text therefore round-trips
 * exactly, and the generator's text costs one token per word, number digit and punctuation mark. A character
 * outside ASCII becomes {@code <unk>} and decodes to U+FFFD.
 */
public final class DefaultTokenizer implements TextTokenizer {

    /** The name of the embedded vocabulary, also the {@code tokenizer} spec value {@code embedded:default}. */
    public static final String NAME = "attnlab-default";

    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    static final int GLUE = 3;
    static final int CAP = 4;
    static final int UPPER = 5;
    private static final String WHITESPACE = " \n\t\r";
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final String CLOSING = ".,!?;:)]}";
    private static final String OPENING = "([{";
    private static final String JOINING = "'-/_@";
    private static final int FIRST_WHITESPACE = 6;
    private static final int FIRST_DIGIT = FIRST_WHITESPACE + WHITESPACE.length();
    private static final int FIRST_PUNCTUATION = FIRST_DIGIT + 10;
    private static final int FIRST_LETTER = FIRST_PUNCTUATION + PUNCTUATION.length();
    private static final int FIRST_WORD = FIRST_LETTER + 26;
    private static final String VOCABULARY_RESOURCE = "default-vocab.txt";

    private enum Kind { WORD, LETTER, DIGIT, PUNCTUATION, WHITESPACE, UNKNOWN, CONTROL }

    private final String name;
    private final List<String> words;
    private final Map<String, Integer> wordIds = new HashMap<>();

    /**
     * A tokenizer over {@code words} (distinct, lower-case ASCII letters only, at least two letters each since
     * single letters are built in).
     */
    public DefaultTokenizer(String name, List<String> words) {
        this.name = name;
        this.words = List.copyOf(words);
        for (int i = 0; i < this.words.size(); i++) {
            String w = this.words.get(i);
            if (w.length() < 2 || !w.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                throw new IllegalArgumentException("vocabulary word " + i + " \"" + w + "\" of tokenizer " + name
                        + " must be two or more lower-case ASCII letters");
            }
            if (wordIds.putIfAbsent(w, FIRST_WORD + i) != null) {
                throw new IllegalArgumentException("vocabulary word \"" + w + "\" of tokenizer " + name
                        + " appears twice");
            }
        }
    }

    /** The tokenizer of the embedded default model, with the vocabulary shipped in this package. */
    public static DefaultTokenizer embedded() {
        return new DefaultTokenizer(NAME, readVocabulary());
    }

    private static List<String> readVocabulary() {
        List<String> words = new ArrayList<>();
        try (InputStream in = DefaultTokenizer.class.getResourceAsStream(VOCABULARY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + VOCABULARY_RESOURCE + " is missing from the harness"
                        + " module next to " + DefaultTokenizer.class.getName() + "; the build is broken");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VOCABULARY_RESOURCE, e);
        }
        return words;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return FIRST_WORD + words.size();
    }

    @Override
    public int bosToken() {
        return BOS;
    }

    @Override
    public int eosToken() {
        return EOS;
    }

    /** The known words, in id order (the first has id {@link #firstWordId()}). */
    public List<String> words() {
        return words;
    }

    /** The id of the first vocabulary word; lower ids are control tokens, whitespace, digits, punctuation, letters. */
    public int firstWordId() {
        return FIRST_WORD;
    }

    /** Whether {@code id} spells a letter of a word outside the vocabulary. */
    public boolean isLetter(int id) {
        return id >= FIRST_LETTER && id < FIRST_WORD;
    }

    /** The text of token {@code id}: a word, a character, or a control token such as {@code <cap>}. */
    public String piece(int id) {
        checkId(id);
        return switch (kindOf(id)) {
            case CONTROL -> new String[] {"<unk>", "<bos>", "<eos>", "<glue>", "<cap>", "<upper>"}[id];
            case WHITESPACE -> String.valueOf(WHITESPACE.charAt(id - FIRST_WHITESPACE));
            case DIGIT -> String.valueOf((char) ('0' + id - FIRST_DIGIT));
            case PUNCTUATION -> String.valueOf(PUNCTUATION.charAt(id - FIRST_PUNCTUATION));
            case LETTER -> String.valueOf((char) ('a' + id - FIRST_LETTER));
            case WORD -> words.get(id - FIRST_WORD);
            case UNKNOWN -> "<unk>";
        };
    }

    /**
     * Hex SHA-256 of the id-to-piece table: a trained model stores it so that a changed vocabulary is caught
     * even when its size happens to stay the same.
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int id = 0; id < vocabSize(); id++) {
                sha.update(piece(id).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public int[] encode(String text) {
        Ids out = new Ids(text.length() / 3 + 8);
        Ids unit = new Ids(16);
        int previous = -1; // last non-whitespace piece, or -1 at the start
        int gapStart = 0;
        int i = 0;
        while (i < text.length()) {
            if (WHITESPACE.indexOf(text.charAt(i)) >= 0) {
                i++;
                continue;
            }
            unit.size = 0;
            int end = readUnit(text, i, unit);
            int first = unit.get(0) == CAP || unit.get(0) == UPPER ? unit.get(1) : unit.get(0);
            boolean spaceExpected = previous >= 0 && spaceBetween(previous, first);
            int gap = i - gapStart;
            boolean asExpected = spaceExpected ? gap == 1 && text.charAt(gapStart) == ' ' : gap == 0;
            if (!asExpected) {
                if (gap == 0) {
                    out.add(GLUE);
                } else {
                    addWhitespace(text, gapStart, i, out);
                }
            }
            out.addAll(unit);
            previous = unit.get(unit.size - 1);
            i = end;
            gapStart = end;
        }
        addWhitespace(text, gapStart, text.length(), out);
        return out.toArray();
    }

    private static void addWhitespace(String text, int from, int to, Ids out) {
        for (int k = from; k < to; k++) {
            out.add(FIRST_WHITESPACE + WHITESPACE.indexOf(text.charAt(k)));
        }
    }

    /** Appends the tokens of the piece starting at {@code start} (a letter run, digit, mark or other char). */
    private int readUnit(String text, int start, Ids unit) {
        char c = text.charAt(start);
        if (isAsciiLetter(c)) {
            int end = start;
            while (end < text.length() && isAsciiLetter(text.charAt(end))) {
                end++;
            }
            encodeWord(text, start, end, unit);
            return end;
        }
        if (c >= '0' && c <= '9') {
            unit.add(FIRST_DIGIT + c - '0');
            return start + 1;
        }
        int mark = PUNCTUATION.indexOf(c);
        if (mark >= 0) {
            unit.add(FIRST_PUNCTUATION + mark);
            return start + 1;
        }
        unit.add(UNK);
        return start + Character.charCount(text.codePointAt(start));
    }

    private void encodeWord(String text, int start, int end, Ids unit) {
        boolean restLower = true;
        boolean allUpper = true;
        for (int k = start; k < end; k++) {
            boolean upper = text.charAt(k) <= 'Z';
            allUpper &= upper;
            restLower &= k == start || !upper;
        }
        boolean firstUpper = text.charAt(start) <= 'Z';
        String word = text.substring(start, end);
        // single letters are never words: they are always spelled, so "a" has one meaning
        Integer id = end - start < 2 ? null : wordIds.get(restLower && !firstUpper ? word : word.toLowerCase(Locale.ROOT));
        boolean marked = restLower || (allUpper && end - start > 1);
        if (id != null && marked) {
            if (firstUpper) {
                unit.add(restLower ? CAP : UPPER);
            }
            unit.add(id);
            return;
        }
        for (int k = start; k < end; k++) {
            char ch = text.charAt(k);
            if (ch <= 'Z') {
                unit.add(CAP);
            }
            unit.add(FIRST_LETTER + Character.toLowerCase(ch) - 'a');
        }
    }

    /** A growable list of ids without boxing. */
    private static final class Ids {
        private int[] data;
        private int size;

        Ids(int capacity) {
            data = new int[Math.max(capacity, 4)];
        }

        void add(int id) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = id;
        }

        void addAll(Ids other) {
            for (int k = 0; k < other.size; k++) {
                add(other.data[k]);
            }
        }

        int get(int index) {
            return data[index];
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The spacing rule shared by encoder and decoder: whether English puts a space between the two pieces. */
    private boolean spaceBetween(int left, int right) {
        Kind a = kindOf(left);
        Kind b = kindOf(right);
        if (a == b && (a == Kind.LETTER || a == Kind.DIGIT)) {
            return false;
        }
        return spaceAfter(left, a) && spaceBefore(right, b);
    }

    private static boolean spaceAfter(int id, Kind kind) {
        if (kind != Kind.PUNCTUATION) {
            return kind != Kind.WHITESPACE && kind != Kind.CONTROL;
        }
        char c = PUNCTUATION.charAt(id - FIRST_PUNCTUATION);
        return OPENING.indexOf(c) < 0 && JOINING.indexOf(c) < 0;
    }

    private static boolean spaceBefore(int id, Kind kind) {
        if (kind != Kind.PUNCTUATION) {
            return kind != Kind.WHITESPACE && kind != Kind.CONTROL;
        }
        char c = PUNCTUATION.charAt(id - FIRST_PUNCTUATION);
        return CLOSING.indexOf(c) < 0 && JOINING.indexOf(c) < 0;
    }

    private Kind kindOf(int id) {
        if (id == UNK) {
            return Kind.UNKNOWN;
        }
        if (id < FIRST_WHITESPACE) {
            return Kind.CONTROL;
        }
        if (id < FIRST_DIGIT) {
            return Kind.WHITESPACE;
        }
        if (id < FIRST_PUNCTUATION) {
            return Kind.DIGIT;
        }
        if (id < FIRST_LETTER) {
            return Kind.PUNCTUATION;
        }
        return id < FIRST_WORD ? Kind.LETTER : Kind.WORD;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        int previous = -1; // last piece written, -1 at the start or after BOS/whitespace
        boolean glue = false;
        boolean cap = false;
        boolean upper = false;
        for (int id : ids) {
            checkId(id);
            Kind kind = kindOf(id);
            if (id == BOS || id == EOS) {
                previous = -1;
                continue;
            }
            if (id == GLUE) {
                glue = true;
                continue;
            }
            if (id == CAP || id == UPPER) {
                cap |= id == CAP;
                upper |= id == UPPER;
                continue;
            }
            if (kind == Kind.WHITESPACE) {
                out.append(piece(id));
                previous = -1;
                glue = false;
                continue;
            }
            if (previous >= 0 && !glue && spaceBetween(previous, id)) {
                out.append(' ');
            }
            String text = kind == Kind.UNKNOWN ? "\uFFFD" : piece(id);
            if (upper) {
                text = text.toUpperCase(Locale.ROOT);
            } else if (cap) {
                text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
            }
            out.append(text);
            previous = id;
            glue = false;
            cap = false;
            upper = false;
        }
        return out.toString();
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocabSize()) {
            throw new IllegalArgumentException("token id " + id + " is outside tokenizer " + name + " (ids 0.."
                    + (vocabSize() - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return "DefaultTokenizer[" + name + ", " + vocabSize() + " tokens]";
    }
}
