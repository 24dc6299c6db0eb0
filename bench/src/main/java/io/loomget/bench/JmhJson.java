package io.loomget.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JMH's JSON results: read as plain maps and lists, written back merged, and turned into {@link Report.Row}s. */
final class JmhJson {

    private static final JsonFactory JSON = new JsonFactory();

    private JmhJson() {}

    /** The runs in one JMH result file (a JSON array). */
    static List<Object> runs(Path path) throws IOException {
        try (var p = JSON.createParser(path.toFile())) {
            p.nextToken();
            return read(p) instanceof List<?> list ? new ArrayList<>(list) : List.of();
        }
    }


    static Object read(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    var name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                yield map;
            }
            case START_ARRAY -> {
                var list = new ArrayList<Object>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }

    static void write(Path path, List<Object> runs) throws IOException {
        try (var g = JSON.createGenerator(path.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            writeValue(g, runs);
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (var e : map.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (var e : list) {
                    writeValue(g, e);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Double d when d.isNaN() || d.isInfinite() -> g.writeString(d.toString()); // as JMH writes them
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> g.writeNumber(d.longValue());
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    @SuppressWarnings("unchecked")
    static Report.Row row(Object run) {
        var m = (Map<String, Object>) run;
        var params = new LinkedHashMap<String, String>();
        var p = (Map<String, Object>) m.getOrDefault("params", Map.of());
        p.forEach((k, v) -> params.put(k, String.valueOf(v)));
        var metrics = new LinkedHashMap<String, Report.Metric>();
        metrics.put("primary", metric((Map<String, Object>) m.get("primaryMetric")));
        var secondary = (Map<String, Object>) m.getOrDefault("secondaryMetrics", Map.of());
        secondary.forEach((k, v) -> metrics.put(k, metric((Map<String, Object>) v)));
        return new Report.Row((String) m.get("benchmark"), params, metrics);
    }

    private static Report.Metric metric(Map<String, Object> m) {
        return new Report.Metric(number(m.get("score")), number(m.get("scoreError")), String.valueOf(m.get("scoreUnit")));
    }

    private static double number(Object o) {
        return switch (o) {
            case Double d -> d;
            case String s -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
            case null, default -> Double.NaN;
        };
    }
}
