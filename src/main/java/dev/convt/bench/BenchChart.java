package dev.convt.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** Draws {@link ChartData} with XChart: GFLOP/s bars per shape, a second set beside them, the peak as a line. */
public final class BenchChart {
    private static final Color PRIMARY = new Color(0x1f77b4);
    private static final Color OTHER = new Color(0xff7f0e);
    private static final Color PEAK = new Color(0xd62728);

    private BenchChart() {
    }

    public static BufferedImage render(ChartData data, String title) {
        int width = Math.max(900, 120 + 70 * data.rows().size());
        CategoryChart chart = new CategoryChartBuilder().width(width).height(760).title(title)
                .xAxisTitle(data.hasOther() ? "shape  (ratio: " + data.primaryLabel() + " / " + data.otherLabel() + ")" : "shape")
                .yAxisTitle("GFLOP/s")
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setXAxisLabelRotation(40);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(data.maxGflops() * 1.25);
        styler.setYAxisDecimalPattern("#,##0");
        styler.setLabelsVisible(true);
        styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        // Just below the top of each bar: XChart keeps labels inside the bar.
        styler.setLabelsPosition(0.93);
        styler.setAvailableSpaceFill(0.8);

        List<String> categories = data.rows().stream().map(ChartData.Row::category).toList();
        CategorySeries primary = chart.addSeries(legend(data.primaryLabel(), data.weightedGflops()), categories,
                values(data, ChartData.Row::gflops));
        primary.setFillColor(PRIMARY);
        if (data.hasOther()) {
            CategorySeries other = chart.addSeries(legend(data.otherLabel(), data.otherWeightedGflops()), categories,
                    values(data, ChartData.Row::otherGflops));
            other.setFillColor(OTHER);
        }
        if (!Double.isNaN(data.peakGflops())) {
            // An annotation rather than a line series: a series would take a bar slot in every category.
            styler.setAnnotationLineColor(PEAK);
            styler.setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
            styler.setAnnotationTextFontColor(PEAK);
            styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            chart.addAnnotation(new AnnotationLine(data.peakGflops(), false, false));
            // Data-space x runs over the categories; the text is centred on it, above the line.
            chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "measured FMA peak%s: %.0f GFLOP/s",
                    threads(data.threads()), data.peakGflops()), data.rows().size() / 2.0, data.peakGflops() + 0.03 * data.maxGflops(), false));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** "GFLOP/s per shape: convt vs PyTorch onednn-1T, 1 thread". */
    public static String defaultTitle(ChartData data) {
        return "GFLOP/s per shape: " + data.primaryLabel() + (data.hasOther() ? " vs " + data.otherLabel() : "")
                + threads(data.threads());
    }

    /** Renders and writes a PNG, atomically (see {@link AtomicFiles}). */
    public static void write(ChartData data, String title, Path png) throws IOException {
        BufferedImage image = render(data, title);
        AtomicFiles.write(png, AtomicFiles.png(image));
    }

    private static List<Double> values(ChartData data, ToDoubleFunction<ChartData.Row> value) {
        List<Double> values = new ArrayList<>();
        for (ChartData.Row row : data.rows()) {
            double v = value.applyAsDouble(row);
            values.add(Double.isNaN(v) ? null : v);
        }
        return values;
    }

    private static String legend(String label, double weighted) {
        return Double.isNaN(weighted) ? label : String.format(Locale.ROOT, "%s (suite, GFLOP-weighted: %.1f GFLOP/s)", label, weighted);
    }

    private static String threads(int threads) {
        return threads <= 0 ? "" : threads == 1 ? ", 1 thread" : ", " + threads + " threads";
    }
}
