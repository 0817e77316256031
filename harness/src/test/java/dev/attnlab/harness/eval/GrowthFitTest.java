package dev.attnlab.harness.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrowthFitTest {

    @Test
    void recoversAKnownExponentAndScale() {
        double[] x = {256, 512, 1024, 2048, 4096};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3.0 * Math.pow(x[i], 1.7);
        }
        GrowthFit fit = GrowthFit.fit(x, y);

        assertThat(fit.exponent()).isCloseTo(1.7, within(1e-12));
        assertThat(fit.logScale()).isCloseTo(Math.log(3.0), within(1e-9));
        assertThat(fit.r2()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void separatesLinearFromQuadraticUnderMultiplicativeNoise() {
        double[] x = {100, 200, 400, 800, 1600, 3200};
        double[] noise = {1.05, 0.97, 1.02, 0.95, 1.04, 0.99};
        double[] linear = new double[x.length];
        double[] quadratic = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            linear[i] = 0.01 * x[i] * noise[i];
            quadratic[i] = 1e-5 * x[i] * x[i] * noise[i];
        }

        assertThat(GrowthFit.fit(x, linear).exponent()).isCloseTo(1.0, within(0.05));
        assertThat(GrowthFit.fit(x, quadratic).exponent()).isCloseTo(2.0, within(0.05));
    }

    @Test
    void isNanWithFewerThanTwoUsablePoints() {
        assertThat(GrowthFit.fit(new double[] {10, 20}, new double[] {5, -1}).exponent()).isNaN();
        assertThat(GrowthFit.fit(new double[] {10, 10}, new double[] {5, 6}).exponent()).isNaN();
    }
}
