package dev.attnlab.harness.eval;

import java.util.Arrays;

/**
 * One evaluation window: the model reads {@code tokens[begin, end)} and is scored on the tokens from
 * {@code scoreFrom} on; {@code tokens[begin, scoreFrom)} is context only.
 */
record Window(int begin, int scoreFrom, int end) {

    Window {
        if (!(begin < scoreFrom && scoreFrom <= end)) {
            throw new IllegalArgumentException("bad window [" + begin + ", " + scoreFrom + ", " + end + ")");
        }
    }

    int scored() {
        return end - scoreFrom;
    }

    int[] context(int[] tokens) {
        return Arrays.copyOfRange(tokens, begin, scoreFrom);
    }

    int[] continuation(int[] tokens) {
        return Arrays.copyOfRange(tokens, scoreFrom, end);
    }
}
