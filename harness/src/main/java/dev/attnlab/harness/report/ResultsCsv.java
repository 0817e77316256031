package dev.attnlab.harness.report;

import dev.attnlab.api.eval.Metric;

/** results.csv: one row per method x evaluator x metric, for spreadsheets and plotting scripts. */
public final class ResultsCsv {

    static final String HEADER = "method,kind,evaluator,metric,value,unit,status";

    private ResultsCsv() {
    }

    public static String write(RunResults run) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (MethodRecord method : run.methods()) {
            for (String evaluator : run.evaluators()) {
                CellResult cell = run.cell(method.label(), evaluator).orElse(null);
                if (cell == null) {
                    continue;
                }
                if (cell.status() != CellStatus.OK) {
                    line(out, method, evaluator, "", Double.NaN, "", cell.status().name().toLowerCase(java.util.Locale.ROOT));
                    continue;
                }
                for (Metric m : cell.result().metrics()) {
                    line(out, method, evaluator, m.name(), m.value(), m.unit(), "ok");
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, MethodRecord method, String evaluator, String metric, double value,
                             String unit, String status) {
        out.append(quote(method.label())).append(',').append(method.kind()).append(',').append(quote(evaluator))
                .append(',').append(quote(metric)).append(',').append(Double.isFinite(value) ? Double.toString(value) : "")
                .append(',').append(quote(unit)).append(',').append(status).append('\n');
    }

    /** RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
