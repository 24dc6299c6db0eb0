package io.loomget.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.cli.demo.ByteRange.Ignored;
import io.loomget.cli.demo.ByteRange.Satisfiable;
import io.loomget.cli.demo.ByteRange.Unsatisfiable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ByteRangeTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("bytes=0-99", new Satisfiable(0, 99)),
                Arguments.of("bytes=0-", new Satisfiable(0, 999)),
                Arguments.of("bytes=990-5000", new Satisfiable(990, 999)),
                Arguments.of("bytes=-100", new Satisfiable(900, 999)),
                Arguments.of("bytes=-5000", new Satisfiable(0, 999)),
                Arguments.of("Bytes=5-5 ", new Satisfiable(5, 5)),
                Arguments.of("bytes=999-", new Satisfiable(999, 999)),
                Arguments.of("bytes=0-99999999999999999999999", new Satisfiable(0, 999)),
                Arguments.of("bytes=1000-", new Unsatisfiable()),
                Arguments.of("bytes=1000-2000", new Unsatisfiable()),
                Arguments.of("bytes=-0", new Unsatisfiable()),
                Arguments.of("bytes=5-4", new Ignored()),
                Arguments.of("bytes=0-1,5-6", new Ignored()),
                Arguments.of("bytes=+1-2", new Ignored()),
                Arguments.of("bytes=-", new Ignored()),
                Arguments.of("bytes=abc", new Ignored()),
                Arguments.of("items=0-1", new Ignored()));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void parses(String header, ByteRange expected) {
        assertEquals(expected, ByteRange.parse(header, 1000));
    }

    @ParameterizedTest
    @MethodSource("emptyBodyHeaders")
    void nothingIsSatisfiableInAnEmptyBody(String header) {
        assertEquals(new Unsatisfiable(), ByteRange.parse(header, 0));
    }

    static Stream<String> emptyBodyHeaders() {
        return Stream.of("bytes=0-", "bytes=-1", "bytes=0-0");
    }
}
