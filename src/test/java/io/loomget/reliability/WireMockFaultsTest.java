package io.loomget.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.loomget.DownloadEvent;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.RetryPolicy;
import io.loomget.Settings;
import io.loomget.internal.io.ResumeState;
import io.loomget.server.Content;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.LocalWireMock;
import io.loomget.testsupport.RangeResponses;
import io.loomget.testsupport.RecordingListener;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WireMock's network faults, each in a stateful scenario "the first N answers are this fault, then
 * the real thing": with retries the file is byte-exact; without, the file fails and nothing carries
 * its final name. Ranges come from the {@link RangeResponses} transformer.
 */
@Timeout(30)
class WireMockFaultsTest {

    private static final String PATH = "/w.bin";
    private static final String NAME = "w.bin";
    private static final int SIZE = 256 * 1024;
    private static final Content CONTENT = Content.generated(SIZE, 77);
    private static final byte[] BODY = CONTENT.readAll();
    /** The probe asks from byte 0; every later range starts further in, whatever the plan. */
    private static final String PROBE = "bytes=0-[0-9]*";
    private static final String LATER_RANGE = "bytes=[1-9][0-9]*-[0-9]+";

    @TempDir
    Path dir;

    /** One server for the class (a start costs more than most of these tests); reset before each test. */
    @RegisterExtension
    static final WireMockExtension wm = LocalWireMock.extension(RangeResponses.everywhere());
    private final RecordingListener events = new RecordingListener();

    @BeforeAll
    static void startWireMock() throws Exception {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(file()));
        warmUp();
    }

    /**
     * One request before the tests: a cold WireMock on a busy machine can take a second over its
     * first answer, which the tests with short timeouts would count as a stall.
     */
    private static void warmUp() throws Exception {
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(uri()).header("Range", "bytes=0-9").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, response.statusCode());
        }
    }

    @BeforeEach
    void cleanSlate() {
        wm.stubFor(get(urlPathEqualTo(PATH)).atPriority(10).willReturn(file()));
    }

    private static ResponseDefinitionBuilder file() {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream")
                .withHeader("ETag", "\"w-1\"")
                .withBody(BODY);
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + wm.getPort() + PATH);
    }

    private Settings settings(int retries) {
        return settings(4, retries);
    }

    private Settings settings(int connections, int retries) {
        return TestSettings.into(dir)
                .connectionsPerFile(connections)
                .minSplitSize(16 * 1024)
                .retry(new RetryPolicy(retries, Duration.ofMillis(5), Duration.ofMillis(30)))
                .build();
    }

    private FileResult download(Settings settings) {
        return Support.download(settings, DownloadRequest.of(uri()), events);
    }

    /** The first {@code n} requests that {@code request} matches get {@code fault}; later ones fall through. */
    private void failFirst(String scenario, Supplier<MappingBuilder> request, int n, ResponseDefinitionBuilder fault) {
        for (int i = 0; i < n; i++) {
            wm.stubFor(request.get().atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed " + i)
                    .willSetStateTo("failed " + (i + 1))
                    .willReturn(fault));
        }
    }

    private long faultsServed() {
        return wm.getAllServeEvents().stream()
                .filter(e -> e.getResponseDefinition().getFault() != null)
                .count();
    }

    /** The Range headers of the requests matching {@code regex}, in arrival order. */
    private List<String> rangesAsked(String regex) {
        return wm.findAll(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Range", matching(regex))).stream()
                .map(r -> r.getHeader("Range"))
                .toList();
    }

    private void assertExact(FileResult result) {
        var downloaded = assertInstanceOf(FileResult.Downloaded.class, result, () -> "got " + result);
        assertEquals(dir.resolve(NAME), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of(NAME), Dirs.names(dir));
    }

    /** Failed, nothing under the final name, and a part file only where a state file lets -c continue it. */
    private void assertFailedCleanly(FileResult result) {
        assertInstanceOf(FileResult.Failed.class, result, () -> "got " + result);
        assertFalse(Files.exists(dir.resolve(NAME)), "a failed file must not carry its final name");
        var names = Dirs.names(dir);
        if (names.contains(NAME + ".part")) {
            assertTrue(Files.exists(ResumeState.pathFor(dir.resolve(NAME))), "part file without state: " + names);
        }
    }

    /**
     * Engine attempts a fault costs at most: the JDK HttpClient itself sends an idempotent GET once
     * more when a connection closes before any byte of an answer (CONNECTION_RESET_BY_PEER and
     * EMPTY_RESPONSE look like that), so one attempt may meet two of these faults.
     */
    private static int serverRequestsPerAttempt(Fault fault) {
        return switch (fault) {
            case CONNECTION_RESET_BY_PEER, EMPTY_RESPONSE -> 2;
            default -> 1;
        };
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void firstAnswersBeingFaultsAreRetriedUntilTheFileIsExact(Fault fault) {
        failFirst("first", () -> get(urlPathEqualTo(PATH)), 4, aResponse().withFault(fault));

        var result = download(settings(5));

        assertExact(result);
        assertEquals(4, faultsServed(), "every fault was met, then the real answer");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void faultWithoutRetriesFailsTheFileAndNothingHasItsName(Fault fault) {
        failFirst("first", () -> get(urlPathEqualTo(PATH)), 4, aResponse().withFault(fault));

        var result = download(settings(0));

        assertFailedCleanly(result);
        long faults = faultsServed();
        assertTrue(faults >= 1 && faults <= serverRequestsPerAttempt(fault), "--retries 0 is one attempt: " + faults);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void faultsOnARangeAreRetriedForTheSameRange(Fault fault) {
        // -x1: the probe's first range, then the rest as one range, one after the other.
        int n = 4;
        failFirst("later", () -> get(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)), n,
                aResponse().withFault(fault));

        var result = download(settings(1, 5));

        assertExact(result);
        assertEquals(n, faultsServed());
        var later = rangesAsked(LATER_RANGE);
        assertEquals(n + 1, later.size(), "four faults, then the answer: " + later);
        assertEquals(1, later.stream().distinct().count(), "no bytes came, so the same range is asked again: " + later);
        int retried = events.events(DownloadEvent.RangeRetried.class).size();
        assertTrue(retried >= n / serverRequestsPerAttempt(fault) && retried <= n, "retries: " + retried);
        assertEquals(1, rangesAsked(PROBE).size(), "the probe itself was not repeated");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void faultsOnConcurrentRangesAreRetriedUntilTheFileIsExact(Fault fault) {
        failFirst("later", () -> get(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)), 6,
                aResponse().withFault(fault));

        var result = download(settings(4, 8));

        assertExact(result);
        assertTrue(faultsServed() >= 6, "faults served: " + faultsServed());
        assertFalse(events.events(DownloadEvent.RangeRetried.class).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void faultOnARangeWithoutRetriesFailsTheFile(Fault fault) {
        failFirst("later", () -> get(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)), 4,
                aResponse().withFault(fault));

        var result = download(settings(1, 0));

        assertFailedCleanly(result);
        int asked = rangesAsked(LATER_RANGE).size();
        assertTrue(asked >= 1 && asked <= serverRequestsPerAttempt(fault), "one attempt, asked " + asked + " times");
    }

    @Test
    void malformedChunkOnARangeIsRetriedOrFallsBackAndTheFileIsExact() {
        // MALFORMED_RESPONSE_CHUNK answers 200 (so: a range not honoured) and then a broken chunk (so:
        // an I/O error); whichever loomget notices first, the file must come out exact.
        failFirst("later", () -> get(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)), 1,
                aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        var result = download(settings(2));

        assertExact(result);
        assertTrue(events.events(DownloadEvent.SingleStreamFallback.class).size()
                + events.events(DownloadEvent.RangeRetried.class).size() >= 1, events.events().toString());
    }

    @Test
    void rangeAnswerDelayedPastTheTimeoutIsRetried() {
        failFirst("later", () -> get(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)), 1,
                file().withFixedDelay(4_000));

        var result = download(TestSettings.into(dir).connectionsPerFile(1).minSplitSize(16 * 1024)
                .idleTimeout(Duration.ofMillis(1500))
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(30))).build());

        assertExact(result);
        // Given up on after the idle timeout and asked again; waiting for the answer would retry nothing.
        var retried = events.events(DownloadEvent.RangeRetried.class);
        assertEquals(1, retried.size(), events.events().toString());
        assertEquals(2, wm.findAll(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE))).size());
    }

    @Test
    void slowButSteadyBodyIsNotMistakenForAStall() {
        // 20 chunks 100 ms apart: two seconds in all, but never a second without bytes.
        failFirst("later", () -> get(urlPathEqualTo(PATH)).withHeader("Range", matching(LATER_RANGE)), 1,
                file().withChunkedDribbleDelay(20, 2_000));

        var result = download(TestSettings.into(dir).connectionsPerFile(1).minSplitSize(16 * 1024)
                .idleTimeout(Duration.ofSeconds(1))
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(30))).build());

        assertExact(result);
        assertEquals(List.of(), events.events(DownloadEvent.RangeRetried.class));
        assertEquals(1, rangesAsked(LATER_RANGE).size());
    }
}
