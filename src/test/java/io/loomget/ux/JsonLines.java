package io.loomget.ux;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON Lines with jackson-core's streaming parser (the only JSON library on the class path):
 * each line must be exactly one JSON object and nothing else.
 */
final class JsonLines {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLines() {}

    /** Every line as an object; throws {@link AssertionError} naming the first line that is not one. */
    static List<Map<String, Object>> parse(String text) {
        var objects = new ArrayList<Map<String, Object>>();
        var lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            try {
                objects.add(parseLine(lines.get(i)));
            } catch (IOException | IllegalStateException e) {
                throw new AssertionError("line " + (i + 1) + " is not one JSON object: " + lines.get(i) + " (" + e.getMessage() + ")", e);
            }
        }
        return objects;
    }

    static Map<String, Object> parseLine(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("does not start with '{'");
            }
            var object = readObject(p);
            if (p.nextToken() != null) {
                throw new IllegalStateException("text after the object");
            }
            return object;
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        var map = new LinkedHashMap<String, Object>();
        for (var t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                throw new IllegalStateException("expected a field name, got " + t);
            }
            var name = p.currentName();
            if (map.containsKey(name)) {
                throw new IllegalStateException("duplicate field " + name);
            }
            map.put(name, readValue(p, p.nextToken()));
        }
        return map;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                var list = new ArrayList<>();
                for (var e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(readValue(p, e));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected " + t);
        };
    }
}
