package dev.attnlab.harness.eval;

/**
 * A power law {@code y = c * x^k} fitted by least squares on {@code log y = log c + k log x}.
 *
 * @param exponent  k, the growth exponent (1 = linear, 2 = quadratic)
 * @param logScale  log c
 * @param r2        coefficient of determination of the log-log fit
 */
public record GrowthFit(double exponent, double logScale, double r2) {

    /** Fits the points with positive x and y; NaN fields when fewer than two remain or all x are equal. */
    public static GrowthFit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0) {
                n++;
                sx += Math.log(x[i]);
                sy += Math.log(y[i]);
            }
        }
        if (n < 2) {
            return new GrowthFit(Double.NaN, Double.NaN, Double.NaN);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0) {
                double dx = Math.log(x[i]) - mx;
                double dy = Math.log(y[i]) - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
        }
        if (sxx == 0) {
            return new GrowthFit(Double.NaN, Double.NaN, Double.NaN);
        }
        double k = sxy / sxx;
        double r2 = syy == 0 ? 1 : (sxy * sxy) / (sxx * syy);
        return new GrowthFit(k, my - k * mx, r2);
    }
}
