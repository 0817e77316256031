package dev.attnlab.harness.report;

import java.util.Locale;

/** How numbers appear in summary.md: integers whole, others to four significant digits, NaN as n/a. */
final class Numbers {

    private Numbers() {
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.4g", v);
            return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    static String format(Object value) {
        return value instanceof Number n ? format(n.doubleValue()) : String.valueOf(value);
    }
}
