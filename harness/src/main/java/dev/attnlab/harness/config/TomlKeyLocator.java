package dev.attnlab.harness.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the line of a key path such as {@code methods[1].window} in the text of a TOML file.
 *
 * <p>Why: toml4j reports lines for syntax errors only; the values it returns carry no position. This
 * scanner reads the text once, notes each table header ({@code [model]}, the n-th {@code [[methods]]})
 * and the first line of each key under it, skipping the inside of multi-line strings and arrays so
 * that their contents are not mistaken for keys or headers. It is only used to point at lines in
 * error messages, so where it cannot tell it answers 0 ("unknown") rather than guess.
 */
public final class TomlKeyLocator {

    /** One table: where its header is and where its keys are. */
    private record Section(int headerLine, Map<String, Integer> keys) {
    }

    private final Section root = new Section(0, new LinkedHashMap<>());
    /** "model" for [model], "methods[2]" for the third [[methods]]. */
    private final Map<String, Section> sections = new LinkedHashMap<>();

    public TomlKeyLocator(String text) {
        scan(text);
    }

    /**
     * The 1-based line of {@code keyPath}: the key's own line, else the line of the table that should
     * hold it, else 0 when neither is in the file.
     */
    public int line(String keyPath) {
        if (keyPath == null || keyPath.isEmpty()) {
            return 0;
        }
        List<String> segments = List.of(keyPath.split("\\."));
        for (int split = segments.size(); split >= 1; split--) {
            Section section = sections.get(String.join(".", segments.subList(0, split)));
            if (section == null) {
                continue;
            }
            if (split == segments.size()) {
                return section.headerLine();
            }
            Integer line = section.keys().get(String.join(".", segments.subList(split, segments.size())));
            if (line == null) {
                line = section.keys().get(segments.get(split));
            }
            return line != null ? line : section.headerLine();
        }
        Integer line = root.keys().get(keyPath);
        if (line == null) {
            line = root.keys().get(stripIndex(segments.get(0)));
        }
        return line == null ? 0 : line;
    }

    private void scan(String text) {
        Map<String, Integer> arrayCounts = new HashMap<>();
        Section current = root;
        String[] lines = text.split("\r?\n", -1);
        ValueState state = new ValueState();
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            if (state.open()) {
                state.consume(line);
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                String header = header(trimmed);
                if (header != null) {
                    boolean array = trimmed.startsWith("[[");
                    String name = header;
                    if (array) {
                        int index = arrayCounts.merge(header, 1, Integer::sum) - 1;
                        name = header + "[" + index + "]";
                    }
                    current = new Section(number, new LinkedHashMap<>());
                    sections.putIfAbsent(name, current);
                    continue;
                }
            }
            int eq = equalsOutsideQuotes(trimmed);
            if (eq > 0) {
                String key = unquoteKey(trimmed.substring(0, eq).strip());
                current.keys().putIfAbsent(key, number);
                state.consume(trimmed.substring(eq + 1));
            }
        }
    }

    /** The table name of a header line like {@code [[methods]] # x}, or null if it is not one. */
    private static String header(String trimmed) {
        boolean array = trimmed.startsWith("[[");
        String close = array ? "]]" : "]";
        int end = trimmed.indexOf(close, array ? 2 : 1);
        if (end < 0) {
            return null;
        }
        String rest = trimmed.substring(end + close.length()).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            return null;
        }
        String inner = trimmed.substring(array ? 2 : 1, end).strip();
        StringBuilder name = new StringBuilder();
        for (String part : inner.split("\\.")) {
            String p = unquoteKey(part.strip());
            if (p.isEmpty()) {
                return null;
            }
            name.append(name.length() == 0 ? "" : ".").append(p);
        }
        return name.toString();
    }

    private static String unquoteKey(String key) {
        if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
            return key.substring(1, key.length() - 1);
        }
        return key.replaceAll("\\s*\\.\\s*", ".");
    }

    private static int equalsOutsideQuotes(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    private static String stripIndex(String segment) {
        int bracket = segment.indexOf('[');
        return bracket < 0 ? segment : segment.substring(0, bracket);
    }

    /** Whether a value continues on the next line: an open multi-line string, array or inline table. */
    private static final class ValueState {
        private int depth;
        private String multiline;

        boolean open() {
            return depth > 0 || multiline != null;
        }

        void consume(String text) {
            int i = 0;
            while (i < text.length()) {
                if (multiline != null) {
                    int end = text.indexOf(multiline, i);
                    if (end < 0) {
                        return;
                    }
                    i = end + 3;
                    multiline = null;
                    continue;
                }
                char c = text.charAt(i);
                if (text.startsWith("\"\"\"", i) || text.startsWith("'''", i)) {
                    multiline = text.substring(i, i + 3);
                    i += 3;
                } else if (c == '"' || c == '\'') {
                    int end = closingQuote(text, i);
                    i = end < 0 ? text.length() : end + 1;
                } else if (c == '#') {
                    return;
                } else {
                    if (c == '[' || c == '{') {
                        depth++;
                    } else if ((c == ']' || c == '}') && depth > 0) {
                        depth--;
                    }
                    i++;
                }
            }
        }

        private static int closingQuote(String text, int open) {
            char quote = text.charAt(open);
            for (int i = open + 1; i < text.length(); i++) {
                if (quote == '"' && text.charAt(i) == '\\') {
                    i++;
                } else if (text.charAt(i) == quote) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Every section name the scan found, in file order; for tests. */
    List<String> sectionNames() {
        return new ArrayList<>(sections.keySet());
    }
}
