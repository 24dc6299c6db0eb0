package io.loomget.ux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.testsupport.OnRangeServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --json}: JSON Lines on stdout, one object per event and a summary object last. */
class JsonOutputTest extends OnRangeServer {

    static final Content ONE = Content.generated(600_000, 21);
    static final Content QUOTED = Content.generated(10_000, 22);

    @BeforeEach
    void startServer() {
        server.add("/one.bin", ONE);
        // a name that needs escaping in JSON: quotes, a backslash-free but unusual Content-Disposition
        server.add("/q", QUOTED).behave("/q", Behaviour.builder()
                .contentDisposition("attachment; filename=\"say \\\"hi\\\" now.bin\"").build());
    }

    private Cli.Result json(String... urls) {
        var args = new java.util.ArrayList<>(List.of("--json", "-d", dir.toString(), "-k", "128K", "--retry-wait", "0.01"));
        args.addAll(List.of(urls));
        return Cli.run(args);
    }

    private static List<Map<String, Object>> events(List<Map<String, Object>> all, String type) {
        return all.stream().filter(e -> type.equals(e.get("event"))).toList();
    }

    @Test
    void aHostThatAsksForAPauseIsOneHostPausedEvent() {
        server.behave("/one.bin", Behaviour.builder().failFirst(1, 503).retryAfter("0").build());
        var result = json(url("/one.bin"));

        assertEquals(0, result.exit(), result::all);
        var paused = events(JsonLines.parse(result.out()), "host_paused");
        assertEquals(1, paused.size(), result::all);
        assertEquals("http://127.0.0.1:" + server.port(), paused.getFirst().get("host"));
        assertTrue(((String) paused.getFirst().get("reason")).contains("503"), result::all);
    }

    @Test
    void everyStdoutLineIsOneJsonObject() {
        server.behave("/one.bin", Behaviour.builder().truncateFirst(1, 40_000).build()); // adds a "retried" event
        var result = json(url("/one.bin"), url("/q"), url("/missing.bin"));

        var events = JsonLines.parse(result.out());
        assertTrue(events.size() >= 6, result::all); // 2 started, 1 retried, 2 finished, 1 failed, summary
        assertTrue(events.stream().allMatch(e -> e.get("event") instanceof String), result::all);
    }

    @Test
    void startedEventCarriesUrlPathAndSize() {
        var result = json(url("/one.bin"));

        var started = events(JsonLines.parse(result.out()), "started");
        assertEquals(1, started.size(), result::all);
        assertEquals(url("/one.bin"), started.getFirst().get("url"));
        assertEquals(dir.resolve("one.bin").toAbsolutePath().toString(), started.getFirst().get("path"));
        assertEquals(600_000L, started.getFirst().get("size"));
    }

    @Test
    void finishedEventCarriesUrlPathBytesAndDuration() {
        var result = json(url("/one.bin"));

        var finished = events(JsonLines.parse(result.out()), "finished");
        assertEquals(1, finished.size(), result::all);
        var event = finished.getFirst();
        assertEquals(url("/one.bin"), event.get("url"));
        assertEquals(dir.resolve("one.bin").toAbsolutePath().toString(), event.get("path"));
        assertEquals(600_000L, event.get("bytes"));
        assertInstanceOf(Long.class, event.get("duration_ms"));
        assertTrue((Long) event.get("duration_ms") >= 0, event::toString);
    }

    @Test
    void failedEventCarriesUrlErrorAndDuration() {
        var result = json(url("/missing.bin"));

        assertEquals(1, result.exit(), result::all);
        var failed = events(JsonLines.parse(result.out()), "failed");
        assertEquals(1, failed.size(), result::all);
        var event = failed.getFirst();
        assertEquals(url("/missing.bin"), event.get("url"));
        assertEquals(404L, event.get("status"));
        assertInstanceOf(String.class, event.get("error"));
        assertFalse(((String) event.get("error")).isBlank());
        assertInstanceOf(Long.class, event.get("duration_ms"));
    }

    @Test
    void aFailedDownloadNamesItsInputEntry() throws Exception {
        var links = java.nio.file.Files.writeString(dir.resolve("links.txt"),
                url("/one.bin") + "\n  out=a.bin\n" + url("/one.bin") + "\n  out=b.bin\n  checksum=sha-256=" + "0".repeat(64) + "\n");

        var result = json("-i", links.toString(), url("/missing.bin"));

        var failed = events(JsonLines.parse(result.out()), "failed");
        var byUrl = failed.stream().collect(java.util.stream.Collectors.toMap(e -> (String) e.get("source"), e -> e.get("reason")));
        assertEquals(Map.of(links + ":3", "checksum-mismatch", "command line", "not-found"), byUrl, result::all);
    }

    @Test
    void failedEventCarriesTheReasonTypeAndTheStatus() {
        server.add("/forbidden.bin", ONE).behave("/forbidden.bin", Behaviour.builder().status(403).build());

        var result = json(url("/forbidden.bin"), "http://nonexistent-host.invalid/x");

        var failed = events(JsonLines.parse(result.out()), "failed");
        assertEquals(2, failed.size(), result::all);
        var byUrl = failed.stream().collect(java.util.stream.Collectors.toMap(e -> e.get("url"), e -> e));
        assertEquals("http-status", byUrl.get(url("/forbidden.bin")).get("reason"));
        assertEquals(403L, byUrl.get(url("/forbidden.bin")).get("status"));
        assertEquals("name-resolution", byUrl.get("http://nonexistent-host.invalid/x").get("reason"));
        assertEquals("could not resolve host nonexistent-host.invalid",
                byUrl.get("http://nonexistent-host.invalid/x").get("error"));
    }

    @Test
    void retriedEventCarriesUrlOffsetAttemptAndError() {
        server.behave("/one.bin", Behaviour.builder().truncateFirst(1, 40_000).build());
        var result = json(url("/one.bin"));

        var retried = events(JsonLines.parse(result.out()), "retried");
        assertEquals(1, retried.size(), result::all);
        assertEquals(url("/one.bin"), retried.getFirst().get("url"));
        assertEquals(40_000L, retried.getFirst().get("offset"));
        assertEquals(1L, retried.getFirst().get("attempt"));
        assertInstanceOf(String.class, retried.getFirst().get("error"));
    }

    @Test
    void lastLineIsTheSummaryWithCounts() {
        var result = json(url("/one.bin"), url("/q"), url("/missing.bin"));

        var events = JsonLines.parse(result.out());
        var summary = events.getLast();
        assertEquals("summary", summary.get("event"), result::all);
        assertEquals(2L, summary.get("downloaded"));
        assertEquals(1L, summary.get("not_found"));
        assertEquals(0L, summary.get("failed"));
        assertEquals(600_000L + 10_000L, summary.get("bytes"));
        assertInstanceOf(Long.class, summary.get("elapsed_ms"));
        assertEquals(1, events.stream().filter(e -> "summary".equals(e.get("event"))).count(), result::all);
    }

    @Test
    void namesThatNeedEscapingStayValidJson() {
        var result = json(url("/q"));

        var finished = events(JsonLines.parse(result.out()), "finished");
        assertEquals(1, finished.size(), result::all);
        assertTrue(((String) finished.getFirst().get("path")).endsWith("say \"hi\" now.bin"), result::all);
    }

    @Test
    void noHumanTextOnStdout() {
        var result = json(url("/one.bin"), url("/missing.bin"));

        assertTrue(result.outLines().stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")), result::all);
    }

    @Test
    void quietJsonIsFailuresAndTheSummaryOnly() {
        var args = new java.util.ArrayList<>(List.of("--json", "-q", "-d", dir.toString(), "--retry-wait", "0.01"));
        args.addAll(List.of(url("/one.bin"), url("/missing.bin")));
        var result = Cli.run(args);

        var kinds = JsonLines.parse(result.out()).stream().map(e -> e.get("event")).toList();
        assertEquals(List.of("failed", "summary"), kinds, result::all);
        assertEquals(1L, JsonLines.parse(result.out()).getLast().get("downloaded"), "the summary still counts every file");
    }

    /** The README's table of objects: event name to the field names it lists (the {@code --dry-run} rows left out). */
    private static Map<String, java.util.Set<String>> readmeFields() throws java.io.IOException {
        var readme = java.nio.file.Files.readString(java.nio.file.Path.of(
                System.getProperty("basedir", System.getProperty("user.dir")), "README.md"));
        var table = readme.substring(readme.indexOf("| event | fields |"));
        table = table.substring(0, table.indexOf("\n\n"));
        var fields = new java.util.HashMap<String, java.util.Set<String>>();
        var word = java.util.regex.Pattern.compile("`([a-z_]+)`");
        for (var row : table.lines().skip(2).toList()) {
            var cells = row.split("\\|");
            if (cells[1].contains("--dry-run")) {
                continue;
            }
            var event = word.matcher(cells[1]);
            assertTrue(event.find(), row);
            var names = new java.util.HashSet<String>();
            names.add("event");
            word.matcher(cells[2]).results().map(m -> m.group(1)).forEach(names::add);
            fields.put(event.group(1), names);
        }
        return fields;
    }

    @Test
    void everyObjectCarriesOnlyFieldsTheReadmeListsForItsEvent() throws Exception {
        server.behave("/one.bin", Behaviour.builder().truncateFirst(1, 40_000).build()); // a "retried" object too
        var result = json(url("/one.bin"), url("/missing.bin"), "http://127.0.0.1:99999/bad");

        var documented = readmeFields();
        var events = JsonLines.parse(result.out());
        for (var kind : List.of("started", "retried", "finished", "failed", "summary")) {
            assertTrue(events.stream().anyMatch(e -> kind.equals(e.get("event"))), () -> "no " + kind + " object: " + result.all());
        }
        for (var event : events) {
            var listed = documented.get((String) event.get("event"));
            assertTrue(listed != null, () -> "the README has no row for " + event);
            assertTrue(listed.containsAll(event.keySet()), () -> "README lists " + listed + " for " + event);
        }
        var summary = events.getLast();
        assertEquals(documented.get("summary"), summary.keySet(), "the summary has every field the README lists");
    }
}
