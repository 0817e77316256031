package dev.attnlab.harness.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.attnlab.api.eval.EvaluationResult;
import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.ResultRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * results.json: every number of a run with its provenance. Built as a JSON tree by hand (not by
 * reflection) so the format is stated here and stays stable; NaN and infinities, which JSON lacks, are
 * written as {@code null} and read back as NaN.
 */
public final class ResultsJson {

    /** Bumped when the layout changes incompatibly; a resumed run ignores files of another format. */
    public static final int FORMAT = 1;

    private ResultsJson() {
    }

    public static String write(RunResults run) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("experiment", run.experiment());
        root.add("provenance", provenance(run.provenance()));
        JsonArray methods = new JsonArray();
        for (MethodRecord m : run.methods()) {
            JsonObject o = new JsonObject();
            o.addProperty("label", m.label());
            o.addProperty("kind", m.kind());
            o.addProperty("provider", m.provider());
            o.addProperty("version", m.version());
            o.add("settings", value(m.settings()));
            methods.add(o);
        }
        root.add("methods", methods);
        root.add("evaluators", value(run.evaluators()));
        JsonArray cells = new JsonArray();
        for (CellResult c : run.cells()) {
            cells.add(cell(c));
        }
        root.add("cells", cells);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /**
     * Reads a results.json written by {@link #write}.
     *
     * @throws IllegalArgumentException naming {@code source} when the text is not such a file
     */
    public static RunResults read(String json, String source) {
        try {
            JsonObject root = new JsonParser().parse(json).getAsJsonObject();
            int format = root.get("format").getAsInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(source + ": results format " + format + ", this attnlab reads "
                        + FORMAT + "; move the file away to start afresh");
            }
            List<MethodRecord> methods = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("methods")) {
                JsonObject o = e.getAsJsonObject();
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = (Map<String, Object>) javaValue(o.get("settings"));
                methods.add(new MethodRecord(o.get("label").getAsString(), o.get("kind").getAsString(),
                        o.get("provider").getAsString(), o.get("version").getAsString(), settings));
            }
            List<String> evaluators = new ArrayList<>();
            root.getAsJsonArray("evaluators").forEach(e -> evaluators.add(e.getAsString()));
            List<CellResult> cells = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cells")) {
                cells.add(readCell(e.getAsJsonObject()));
            }
            return new RunResults(root.get("experiment").getAsString(), readProvenance(root.getAsJsonObject("provenance")),
                    methods, evaluators, cells);
        } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException
                 | UnsupportedOperationException e) {
            throw new IllegalArgumentException(source + ": not an attnlab results.json (" + e.getMessage()
                    + "); move it away to start afresh", e);
        }
    }

    private static JsonObject provenance(Provenance p) {
        JsonObject o = new JsonObject();
        o.addProperty("attnlab_version", p.attnlabVersion());
        o.addProperty("config_hash", p.configHash());
        o.addProperty("seed", p.seed());
        o.addProperty("model", p.modelName());
        o.addProperty("model_hash", p.modelHash());
        o.addProperty("data", p.data());
        o.addProperty("started", p.started() == null ? null : p.started().toString());
        o.addProperty("finished", p.finished() == null ? null : p.finished().toString());
        JsonArray plugins = new JsonArray();
        for (Provenance.PluginVersion v : p.plugins()) {
            JsonObject po = new JsonObject();
            po.addProperty("kind", v.kind());
            po.addProperty("id", v.id());
            po.addProperty("version", v.version());
            plugins.add(po);
        }
        o.add("plugins", plugins);
        Provenance.Machine m = p.machine();
        JsonObject mo = new JsonObject();
        mo.addProperty("os", m.os());
        mo.addProperty("arch", m.arch());
        mo.addProperty("cpus", m.cpus());
        mo.addProperty("max_heap_mib", m.maxHeapMiB());
        mo.addProperty("memory_mib", m.memoryMiB());
        mo.addProperty("java", m.javaVersion());
        o.add("machine", mo);
        o.addProperty("config", p.configText());
        return o;
    }

    private static Provenance readProvenance(JsonObject o) {
        List<Provenance.PluginVersion> plugins = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("plugins")) {
            JsonObject p = e.getAsJsonObject();
            plugins.add(new Provenance.PluginVersion(p.get("kind").getAsString(), p.get("id").getAsString(),
                    p.get("version").getAsString()));
        }
        JsonObject m = o.getAsJsonObject("machine");
        Provenance.Machine machine = new Provenance.Machine(m.get("os").getAsString(), m.get("arch").getAsString(),
                m.get("cpus").getAsInt(), m.get("max_heap_mib").getAsLong(), m.get("memory_mib").getAsLong(),
                m.get("java").getAsString());
        return new Provenance(o.get("config").getAsString(), o.get("config_hash").getAsString(), plugins,
                o.get("model").getAsString(), o.get("model_hash").getAsString(), o.get("data").getAsString(),
                o.get("seed").getAsLong(), machine,
                instant(o.get("started")), instant(o.get("finished")), o.get("attnlab_version").getAsString());
    }

    private static Instant instant(JsonElement e) {
        return e == null || e.isJsonNull() ? null : Instant.parse(e.getAsString());
    }

    private static JsonObject cell(CellResult c) {
        JsonObject o = new JsonObject();
        o.addProperty("method", c.method());
        o.addProperty("evaluator", c.evaluator());
        o.addProperty("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("message", c.message());
        o.add("seconds", number(c.seconds()));
        JsonArray metrics = new JsonArray();
        for (Metric m : c.result().metrics()) {
            JsonObject mo = new JsonObject();
            mo.addProperty("name", m.name());
            mo.add("value", number(m.value()));
            mo.addProperty("unit", m.unit());
            mo.addProperty("description", m.description());
            metrics.add(mo);
        }
        o.add("metrics", metrics);
        JsonArray rows = new JsonArray();
        for (ResultRow r : c.result().rows()) {
            rows.add(value(r.cells()));
        }
        o.add("rows", rows);
        o.add("notes", value(c.result().notes()));
        return o;
    }

    private static CellResult readCell(JsonObject o) {
        List<Metric> metrics = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("metrics")) {
            JsonObject m = e.getAsJsonObject();
            metrics.add(Metric.of(m.get("name").getAsString(), readNumber(m.get("value")), m.get("unit").getAsString(),
                    m.get("description").getAsString()));
        }
        List<ResultRow> rows = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("rows")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cells = (Map<String, Object>) javaValue(e);
            rows.add(new ResultRow(cells));
        }
        List<String> notes = new ArrayList<>();
        o.getAsJsonArray("notes").forEach(n -> notes.add(n.getAsString()));
        CellStatus status = CellStatus.valueOf(o.get("status").getAsString().toUpperCase(java.util.Locale.ROOT));
        return new CellResult(o.get("method").getAsString(), o.get("evaluator").getAsString(), status,
                new EvaluationResult(metrics, rows, notes), o.get("message").getAsString(), readNumber(o.get("seconds")));
    }

    private static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    private static double readNumber(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** Java values (numbers, strings, booleans, lists, maps) as JSON. */
    private static JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Number n) {
            return number(n.doubleValue()).isJsonNull() ? JsonNull.INSTANCE
                    : (v instanceof Double || v instanceof Float) ? new JsonPrimitive(n.doubleValue()) : new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o;
        }
        if (v instanceof Iterable<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(value(x)));
            return a;
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    /** JSON back to Java: whole numbers become Long, others Double (null becomes NaN), objects LinkedHashMap, arrays List. */
    private static Object javaValue(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        if (e.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> map.put(x.getKey(), javaValue(x.getValue())));
            return map;
        }
        if (e.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> list.add(javaValue(x)));
            return list;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            // Whole numbers were written from integer values (Long, Integer): read them back as Long.
            return p.getAsString().matches("-?\\d+") ? (Object) p.getAsLong() : (Object) p.getAsDouble();
        }
        return p.getAsString();
    }
}
