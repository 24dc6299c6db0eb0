package io.loomget.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out with Jackson's streaming API, as plain Java values: an object is a {@link Map}
 * (keys in order; a JSON {@code null} member is present with a {@code null} value), an array a
 * {@link List}, then {@link String}, {@link Long} (or {@link BigInteger}), {@link Double},
 * {@link Boolean} and {@code null}.
 */
final class Json {

    /** Buffers recycled across threads: the default pool keeps them per thread, and a virtual thread that lives
     *  for one file (or call) would allocate ~12 KiB afresh for every generator. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    private Json() {}

    /** @throws IOException when {@code bytes} are not one JSON value */
    static Object parse(byte[] bytes) throws IOException {
        try (var parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new IOException("empty");
            }
            var value = read(parser);
            if (parser.nextToken() != null) {
                throw new IOException("trailing data");
            }
            return value;
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    var name = parser.currentName();
                    parser.nextToken();
                    map.put(name, read(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                var list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + parser.currentToken());
        };
    }

    static byte[] write(Object value) {
        var out = new ByteArrayOutputStream(256);
        try (var generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return out.toByteArray();
    }

    static String text(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeNull();
            case Map<?, ?> map -> {
                out.writeStartObject();
                for (var e : map.entrySet()) {
                    out.writeFieldName(String.valueOf(e.getKey()));
                    write(out, e.getValue());
                }
                out.writeEndObject();
            }
            case List<?> list -> {
                out.writeStartArray();
                for (var item : list) {
                    write(out, item);
                }
                out.writeEndArray();
            }
            case String s -> out.writeString(s);
            case Boolean b -> out.writeBoolean(b);
            case Long l -> out.writeNumber(l);
            case Integer i -> out.writeNumber(i);
            case BigInteger b -> out.writeNumber(b);
            case Double d -> out.writeNumber(d);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }
}
