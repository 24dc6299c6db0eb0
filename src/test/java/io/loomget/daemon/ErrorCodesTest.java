package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.FailureReason;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorCodesTest {

    static Stream<Arguments> aria2Codes() {
        return Stream.of(
                Arguments.of(FailureReason.Kind.TIMEOUT, 2),
                Arguments.of(FailureReason.Kind.NETWORK, 6),
                Arguments.of(FailureReason.Kind.DISK_FULL, 9),
                Arguments.of(FailureReason.Kind.LOCAL_WRITE, 17),
                Arguments.of(FailureReason.Kind.NAME_RESOLUTION, 19),
                Arguments.of(FailureReason.Kind.TOO_MANY_REDIRECTS, 23),
                Arguments.of(FailureReason.Kind.PROTOCOL, 22),
                Arguments.of(FailureReason.Kind.CHECKSUM_MISMATCH, 32),
                Arguments.of(FailureReason.Kind.TLS_CERTIFICATE, 1),
                Arguments.of(FailureReason.Kind.UNKNOWN, 1),
                Arguments.of(new FailureReason.HttpStatus(401), 24),
                Arguments.of(new FailureReason.HttpStatus(403), 22),
                Arguments.of(new FailureReason.HttpStatus(503), 29),
                Arguments.of(new FailureReason.HttpStatus(500), 22));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void aria2Codes(FailureReason reason, int code) {
        assertEquals(code, ErrorCodes.code(reason));
    }
}
