package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.RangeServerExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of a file's first request are visible: every retry says its attempt number and cause, in
 * the plain log and in {@code --json}; a connection refused by a loopback address is final at once.
 */
@Timeout(60)
@ExtendWith(RangeServerExtension.class)
class ProbeRetryTest {

    @TempDir
    Path dir;

    private RangeServer server;

    @BeforeEach
    void serveABusyFile(RangeServer server) {
        this.server = server.add("/busy.bin", Content.generated(1000, 3))
                .behave("/busy.bin", Behaviour.builder().status(503).build());
    }

    private Cli.Result run(String... options) {
        var args = new ArrayList<>(List.of("-d", dir.toString(), "--retry-wait", "0.01"));
        args.addAll(List.of(options));
        return Cli.run(args);
    }

    @Test
    void jsonHasARetriedEventForEachRetryOfTheFirstRequest() {
        var result = run("--json", "--retries", "2", server.uri("/busy.bin").toString());

        var retried = JsonLines.parse(result.out()).stream().filter(e -> "retried".equals(e.get("event"))).toList();
        assertEquals(List.of(1L, 2L), retried.stream().map(e -> ((Number) e.get("attempt")).longValue()).toList(),
                result::all);
        assertTrue(retried.stream().allMatch(e -> "HTTP 503 Service Unavailable".equals(e.get("error"))), result::all);
        assertEquals(3, server.requestCount("/busy.bin"), "the first request and two retries");
        assertEquals(1, result.exit(), result::all);
    }

    @Test
    void plainLogHasARetryLineForEachRetryOfTheFirstRequest() {
        var result = run("--retries", "2", server.uri("/busy.bin").toString());

        var retries = result.all().lines().filter(l -> l.contains("retry ")).toList();
        assertEquals(2, retries.size(), result::all);
        assertTrue(retries.get(0).contains("attempt 1: HTTP 503 Service Unavailable"), result::all);
        assertTrue(retries.get(1).contains("attempt 2: HTTP 503 Service Unavailable"), result::all);
    }

    @Test
    void aConnectionRefusedByALoopbackAddressIsFinalAtOnceAndSaysSo() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        var result = run("--json", "--retries", "5", "http://127.0.0.1:" + closedPort + "/x.bin");

        List<Map<String, Object>> events = JsonLines.parse(result.out());
        assertTrue(events.stream().noneMatch(e -> "retried".equals(e.get("event"))), result::all);
        var failed = events.stream().filter(e -> "failed".equals(e.get("event"))).findFirst().orElseThrow();
        assertEquals("cannot connect: connection refused", failed.get("error"), result::all);
        assertEquals(1, result.exit(), result::all);
    }
}
