package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that cost far more heap than their size (answers that outgrow them, JSON that parses to many
 * times its bytes) are answered busy once the daemon's memory budget is spent, instead of ending the
 * daemon with an OutOfMemoryError; the budget they took is given back.
 */
class MemoryBudgetTest extends OnDaemon {

    private static final long BUDGET = 4L << 20;

    @Override
    RunningDaemon start() {
        var config = new DaemonConfig(0, SECRET, false, false, 2L << 20, false, null, Duration.ZERO, BUDGET);
        return new RunningDaemon(dir, config, RunningDaemon.settings(dir), List.of(), null);
    }

    /** {@code count} calls of {@code system.listMethods} (no token needed): 50 bytes each, answered with 1 KiB. */
    private static List<Object> listMethods(int count) {
        var batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Map.of("jsonrpc", "2.0", "id", i, "method", "system.listMethods"));
        }
        return batch;
    }

    @Test
    void aBatchWhoseAnswersOutgrowTheBudgetIsAnsweredBusyAndTheDaemonGoesOn() {
        var reply = rpc.post(listMethods(4000)); // 200 KiB asking for 4 MiB of answers

        assertEquals(503, reply.status());
        assertEquals(-32000L, ((Map<?, ?>) ((Map<?, ?>) reply.body()).get("error")).get("code"));
        // what it took is given back: a batch that fits is answered in full
        var fits = rpc.post(listMethods(500));
        assertEquals(200, fits.status());
        assertEquals(500, ((List<?>) fits.body()).size());
    }

    @Test
    void aMulticallWhoseAnswersOutgrowTheBudgetIsAnsweredBusy() {
        var call = new LinkedHashMap<String, Object>();
        call.put("methodName", "aria2.getGlobalOption");
        call.put("params", List.of("token:" + SECRET));
        var params = new ArrayList<>(List.of((Object) Collections.nCopies(4000, call)));

        var reply = rpc.post(rpc.request("system.multicall", params));

        assertEquals(503, reply.status());
        assertTrue(rpc.struct("aria2.getVersion").containsKey("version"));
    }

    @Test
    void aBodyThatParsesToManyTimesItsSizeIsAnsweredBusy() {
        var body = "[" + String.join(",", Collections.nCopies(200_000, "{}")) + "]"; // 600 KB, some 28 MB as maps

        var reply = rpc.post(body);

        assertEquals(503, reply.status());
        assertTrue(rpc.struct("aria2.getVersion").containsKey("version"));
    }

    @Test
    void aWebSocketBatchWhoseAnswersOutgrowTheBudgetIsAnsweredBusyOnAConnectionThatGoesOn() throws Exception {
        try (var ws = rpc.ws()) {
            ws.send(listMethods(4000));
            var busy = ws.await(m -> m.containsKey("error"), Duration.ofSeconds(30));
            assertEquals(-32000L, ((Map<?, ?>) busy.get("error")).get("code"));

            ws.send(Map.of("jsonrpc", "2.0", "id", "after", "method", "aria2.getVersion", "params", rpc.token()));
            assertTrue(ws.answer("after").containsKey("result"));
        }
    }

    @Test
    void aMessageInManySmallFragmentsCostsItsBytesNotAPermitPerFragment() throws Exception {
        var request = Json.text(Map.of("jsonrpc", "2.0", "id", "tiny", "method", "aria2.getVersion", "params", rpc.token()));
        var padded = request.substring(0, request.length() - 1) + ",\"pad\":\"" + "x".repeat(6000) + "\"}";
        try (var ws = rpc.ws()) {
            for (int i = 0; i < padded.length(); i++) { // 6,000 fragments of one character: 1 KiB each would be 6 MiB
                ws.socket.sendText(padded.substring(i, i + 1), i == padded.length() - 1).join();
            }
            assertTrue(ws.answer("tiny").containsKey("result"));
        }
    }
}
