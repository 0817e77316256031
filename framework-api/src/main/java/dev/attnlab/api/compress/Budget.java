package dev.attnlab.api.compress;

import dev.attnlab.api.ApiStatus;

/**
 * How much of a context to keep: an absolute token count, or a ratio of the input length.
 *
 * @param tokens the count, or -1 when {@code ratio} applies
 * @param ratio  in (0, 1], or NaN when {@code tokens} applies
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record Budget(int tokens, double ratio) {

    public Budget {
        boolean count = tokens >= 0 && Double.isNaN(ratio);
        boolean share = tokens == -1 && ratio > 0 && ratio <= 1;
        if (!count && !share) {
            throw new IllegalArgumentException("a budget is a token count >= 0 or a ratio in (0, 1]; got tokens="
                    + tokens + ", ratio=" + ratio);
        }
    }

    public static Budget tokens(int count) {
        return new Budget(count, Double.NaN);
    }

    public static Budget ratio(double ratio) {
        return new Budget(-1, ratio);
    }

    /** The number of tokens to keep out of {@code length} (a ratio rounds to nearest, at least 1 when length > 0). */
    public int resolve(int length) {
        if (tokens >= 0) {
            return Math.min(tokens, length);
        }
        int kept = (int) Math.round(ratio * length);
        return length == 0 ? 0 : Math.max(1, Math.min(length, kept));
    }

    @Override
    public String toString() {
        return tokens >= 0 ? tokens + " tokens" : Math.round(ratio * 100) + "%";
    }
}
