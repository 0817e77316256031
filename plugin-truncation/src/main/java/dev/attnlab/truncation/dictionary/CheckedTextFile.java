package dev.attnlab.truncation.dictionary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Line-oriented UTF-8 files that end in {@code end crc32 XXXXXXXX}, the CRC-32 of every byte before
 * that line. The footer catches truncated writes and edited or damaged files, which a text format
 * would otherwise parse into plausible but wrong numbers. Writes go to a temporary file in the same
 * directory that is then moved over the target, so readers never see half a file.
 */
final class CheckedTextFile {

    static final String FOOTER_PREFIX = "end crc32 ";

    private CheckedTextFile() {
    }

    /** Writes {@code lines} (each without its newline) plus the footer, atomically. */
    static void write(Path file, List<String> lines) {
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("line breaks are not allowed inside a line: " + line);
            }
            body.append(line).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String footer = FOOTER_PREFIX + crcHex(bytes, bytes.length) + "\n";
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, absolute.getFileName().toString() + ".", ".tmp");
            Files.write(temp, concat(bytes, footer.getBytes(StandardCharsets.UTF_8)));
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("could not write " + absolute + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the lines before the footer after checking it.
     *
     * @param what what the file is, for messages (e.g. "attention dictionary")
     * @throws DictionaryException if the file is missing, not UTF-8, lacks the footer or fails the check
     */
    static List<String> read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DictionaryException("cannot read " + what + " " + file + ": " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DictionaryException(what + " " + file + " is not UTF-8 text; it is corrupted or not "
                    + "a file attnlab wrote: delete it and rebuild", e);
        }
        if (!text.endsWith("\n")) {
            throw corrupted(file, what, "it does not end with a complete footer line (truncated write?)");
        }
        int footerStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        String footer = text.substring(footerStart, text.length() - 1);
        if (!footer.startsWith(FOOTER_PREFIX)) {
            throw corrupted(file, what, "its last line is not '" + FOOTER_PREFIX + "<hex>' (truncated?)");
        }
        int bodyBytes = text.substring(0, footerStart).getBytes(StandardCharsets.UTF_8).length;
        String expected = footer.substring(FOOTER_PREFIX.length());
        String actual = crcHex(bytes, bodyBytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw corrupted(file, what, "its checksum is " + actual + " but the footer says " + expected);
        }
        String body = text.substring(0, footerStart);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            lines.add(body.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    static DictionaryException corrupted(Path file, String what, String why) {
        return new DictionaryException(what + " " + file + " is corrupted: " + why
                + "; delete it and rebuild (it is rebuilt automatically when missing)");
    }

    private static String crcHex(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that error is the one worth reporting
            }
        }
    }
}
