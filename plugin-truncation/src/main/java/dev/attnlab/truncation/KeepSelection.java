package dev.attnlab.truncation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses which positions survive: all protected ones, then the highest-scoring others until the
 * budget is met. Equal scores go to the later position (the continuation follows the end of the
 * context, so recent tokens are the safer bet; and with dictionary scores, repeats of one token keep
 * their latest occurrences).
 */
final class KeepSelection {

    private KeepSelection() {
    }

    /** The kept positions in ascending order; exactly {@code keep} of them. */
    static int[] select(double[] scores, boolean[] isProtected, int keep) {
        int n = scores.length;
        List<Integer> candidates = new ArrayList<>(n);
        int protectedCount = 0;
        for (int i = 0; i < n; i++) {
            if (isProtected[i]) {
                protectedCount++;
            } else {
                candidates.add(i);
            }
        }
        if (protectedCount > keep) {
            throw new IllegalArgumentException(protectedCount + " protected positions do not fit a budget of " + keep);
        }
        candidates.sort((a, b) -> {
            int byScore = Double.compare(scores[b], scores[a]);
            return byScore != 0 ? byScore : Integer.compare(b, a);
        });
        boolean[] kept = isProtected.clone();
        for (int i = 0; i < keep - protectedCount; i++) {
            kept[candidates.get(i)] = true;
        }
        int[] positions = new int[keep];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (kept[i]) {
                positions[j++] = i;
            }
        }
        return Arrays.copyOf(positions, j);
    }
}
