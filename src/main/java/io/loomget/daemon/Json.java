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
import java.util.function.LongConsumer;

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
        return parse(bytes, heap -> {});
    }

    /**
     * {@link #parse(byte[])}, telling {@code spend} about the heap the values take as they are built
     * (an estimate, in steps of {@value #SPEND_STEP} bytes): a small body can parse to many times its size.
     */
    static Object parse(byte[] bytes, LongConsumer spend) throws IOException {
        var cost = new Cost(spend);
        try (var parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new IOException("empty");
            }
            var value = read(parser, cost);
            if (parser.nextToken() != null) {
                throw new IOException("trailing data");
            }
            cost.flush();
            return value;
        }
    }

    private static final int SPEND_STEP = 64 << 10;

    /** Heap taken by the values built so far and not yet told. */
    private static final class Cost {
        private final LongConsumer spend;
        private long pending;

        Cost(LongConsumer spend) {
            this.spend = spend;
        }

        void add(long bytes) {
            pending += bytes;
            if (pending >= SPEND_STEP) {
                flush();
            }
        }

        void flush() {
            spend.accept(pending);
            pending = 0;
        }
    }

    /** Rough sizes on a 64-bit JVM with compressed references: objects, headers, the slot that holds them. */
    private static Object read(JsonParser parser, Cost cost) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                cost.add(140);
                var map = new LinkedHashMap<String, Object>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    var name = parser.currentName();
                    cost.add(80 + 2L * name.length());
                    parser.nextToken();
                    map.put(name, read(parser, cost));
                }
                yield map;
            }
            case START_ARRAY -> {
                cost.add(48);
                var list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    cost.add(8);
                    list.add(read(parser, cost));
                }
                yield list;
            }
            case VALUE_STRING -> {
                var text = parser.getText();
                cost.add(48 + 2L * text.length());
                yield text;
            }
            case VALUE_NUMBER_INT -> {
                cost.add(48);
                yield parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                cost.add(16);
                yield parser.getDoubleValue();
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + parser.currentToken());
        };
    }

    /** JSON already written ({@link #raw}): put into a larger value as it is, without building it again. */
    record Raw(byte[] bytes) {}

    /** {@code value} written now, so that the objects it was built from can go. */
    static Raw raw(Object value) {
        return new Raw(write(value));
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
            case Raw r -> out.writeRawValue(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }
}
