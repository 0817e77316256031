package dev.attnlab.api.testkit;

/**
 * The error function in double precision, accurate to about 1e-14 (far better than float32 needs).
 *
 * <p>Near zero the Maclaurin series converges quickly and without harmful cancellation; further out
 * the classical continued fraction for erfc (Abramowitz and Stegun 7.1.14), evaluated bottom-up, takes
 * over. The short closed approximations (A&amp;S 7.1.26, error 1.5e-7) are deliberately not used: this is
 * the reference other lowerings are checked against.
 */
final class Erf {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 2.5;
    private static final int FRACTION_TERMS = 120;

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double result;
        if (a < SERIES_LIMIT) {
            result = series(a);
        } else if (a > 6) {
            result = 1.0;
        } else {
            result = 1.0 - complementFraction(a);
        }
        return Math.copySign(result, x);
    }

    /** erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)). */
    private static double series(double x) {
        double x2 = x * x;
        double term = x; // (-1)^n x^(2n+1) / n!
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) for x &gt; 0. */
    private static double complementFraction(double x) {
        double tail = x;
        for (int n = FRACTION_TERMS; n >= 1; n--) {
            tail = x + (n / 2.0) / tail;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
    }
}
