package dev.attnlab.harness.report;

import dev.attnlab.api.plugin.CommandContext;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes charts with XChart as {@code <base>.png} and {@code <base>.svg}, each atomically. Used for the
 * run reports and by plugin commands through {@link CommandContext#lineChart}.
 */
public final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Charts() {
    }

    /**
     * A line chart; points that cannot be drawn (NaN, or not positive on a log axis) are left out.
     *
     * @return the files written (PNG then SVG)
     */
    public static List<Path> lineChart(Path base, String title, String xLabel, String yLabel,
                                       List<CommandContext.Series> series, boolean logX, boolean logY) {
        return lineChart(base, title, xLabel, yLabel, series, logX, logY, List.of());
    }

    /**
     * A line chart with horizontal reference lines drawn dashed across the data's x range.
     *
     * @param references name and y value of each reference line
     */
    public static List<Path> lineChart(Path base, String title, String xLabel, String yLabel,
                                       List<CommandContext.Series> series, boolean logX, boolean logY,
                                       List<java.util.Map.Entry<String, Double>> references) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).theme(Styler.ChartTheme.XChart).build();
        var styler = chart.getStyler();
        styler.setXAxisLogarithmic(logX);
        styler.setYAxisLogarithmic(logY);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(LABEL);
        styler.setLegendFont(LABEL);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(7);
        styler.setDecimalPattern("#,##0.###");
        // Log axes put ticks at the data's extremes too; three significant digits keep those readable.
        styler.setxAxisTickLabelsFormattingFunction(Charts::tick);
        styler.setyAxisTickLabelsFormattingFunction(Charts::tick);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        int drawn = 0;
        for (CommandContext.Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                double x = s.x()[i];
                double y = s.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
                    xs.add(x);
                    ys.add(y);
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(s.name(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
                drawn++;
            }
        }
        // Decade-only ticks leave a short log axis (context lengths 256..4096) almost unlabelled; finer ticks
        // crowd a long one. Use finer ticks while the data spans less than ~1.5 decades.
        styler.setXAxisLogarithmicDecadeOnly(span(series, true, logX, logY) > 30);
        styler.setYAxisLogarithmicDecadeOnly(span(series, false, logX, logY) > 30);
        if (drawn == 0) {
            throw new IllegalArgumentException("chart '" + title + "' has no drawable points");
        }
        for (var reference : references) {
            double y = reference.getValue();
            if (Double.isFinite(y) && (!logY || y > 0)) {
                XYSeries line = chart.addSeries(reference.getKey(), new double[] {minX, maxX}, new double[] {y, y});
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(Color.DARK_GRAY);
                line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {8f, 6f}, 0f));
            }
        }
        return save(chart, base);
    }

    /**
     * A heat map of {@code z[yIndex][xIndex]} over categorical x and y values, with each cell's value
     * printed; colours run from {@code min} to {@code max}.
     */
    public static List<Path> heatMap(Path base, String title, String xLabel, String yLabel, List<?> x, List<?> y,
                                     double[][] z, double min, double max) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(LABEL);
        styler.setShowValue(true);
        styler.setMin(min);
        styler.setMax(max);
        styler.setHeatMapValueDecimalPattern("0.00");
        styler.setRangeColors(new Color[] {new Color(214, 47, 39), new Color(254, 224, 139), new Color(26, 152, 80)});
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        List<Number[]> cells = new ArrayList<>();
        for (int j = 0; j < y.size(); j++) {
            for (int i = 0; i < x.size(); i++) {
                if (Double.isFinite(z[j][i])) {
                    cells.add(new Number[] {i, j, z[j][i]});
                }
            }
        }
        chart.addSeries(title, x, y, cells);
        return save(chart, base);
    }

    /** A tick label: whole numbers exactly, others to three significant digits; thousands grouped. */
    static String tick(Double value) {
        double v = value;
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(java.util.Locale.ROOT, "%,d", (long) v); // context lengths stay exact
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2);
        double rounded = Math.round(v / magnitude) * magnitude;
        java.text.DecimalFormat format = new java.text.DecimalFormat("#,##0.###",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        return Math.abs(rounded) >= 1e-3 && Math.abs(rounded) < 1e9 ? format.format(rounded)
                : String.format(java.util.Locale.ROOT, "%.2e", rounded);
    }

    /** max / min of the drawable x (or y) values. */
    private static double span(List<CommandContext.Series> series, boolean xAxis, boolean logX, boolean logY) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (CommandContext.Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double x = s.x()[i];
                double y = s.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
                    double v = Math.abs(xAxis ? x : y);
                    if (v > 0) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        return max > 0 ? max / min : 1;
    }

    private static List<Path> save(Chart<?, ?> chart, Path base) {
        Path png = base.resolveSibling(base.getFileName() + ".png");
        Path svg = base.resolveSibling(base.getFileName() + ".svg");
        try {
            ByteArrayOutputStream pngBytes = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, pngBytes, BitmapEncoder.BitmapFormat.PNG);
            ByteArrayOutputStream svgBytes = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svgBytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            AtomicFiles.write(png, pngBytes.toByteArray());
            AtomicFiles.write(svg, svgBytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw chart " + base + ": " + e.getMessage(), e);
        }
        return List.of(png, svg);
    }
}
