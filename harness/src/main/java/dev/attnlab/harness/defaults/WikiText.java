package dev.attnlab.harness.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads WikiText-2/103 text files ({@code test.txt}, {@code wiki.test.tokens}) as plain prose that any
 * tokenizer handles like ordinary text: WikiText is word-tokenized ("actor , television", "guest @-@ star",
 * "1 @,@ 000"), which would give a subword tokenizer sequences it never saw in training. Blank lines are
 * dropped, each remaining line (an article heading {@code = Title =} or a paragraph) becomes one line, and
 * the tokenization is undone. The {@code <unk>} placeholders of the benchmark are kept.
 */
public final class WikiText {

    /** The {@code [data] source} prefix that reads a file through {@link #read(Path)}. */
    public static final String SOURCE_PREFIX = "wikitext:";

    private static final Pattern SPACE_BEFORE = Pattern.compile(" ([.,;:!?)\\]}]|'s\\b|'re\\b|'ve\\b|'d\\b|'ll\\b|'m\\b|n't\\b)");
    private static final Pattern SPACE_AFTER = Pattern.compile("([(\\[{]) ");

    private WikiText() {
    }

    /** The file's paragraphs and headings, detokenized, one per line. */
    public static String read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read WikiText file " + file.toAbsolutePath(), e);
        }
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).map(WikiText::detokenize)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** Undoes WikiText's word tokenization on one line. */
    public static String detokenize(String line) {
        String s = line.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".");
        s = SPACE_BEFORE.matcher(s).replaceAll("$1");
        return SPACE_AFTER.matcher(s).replaceAll("$1");
    }
}
