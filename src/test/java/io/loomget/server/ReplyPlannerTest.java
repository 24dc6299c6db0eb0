package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loomget.server.Reply.Entity;
import io.loomget.server.Reply.Framing;
import io.loomget.server.Reply.Message;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The reply decisions that are awkward to observe over the wire. */
class ReplyPlannerTest {

    private static final Content CONTENT = Content.generated(1000, 1);
    private static final Version VERSION = Version.of(CONTENT, 1, Instant.parse("2026-01-02T03:04:05Z"));

    private static Reply plan(Behaviour behaviour, String method, String range, String ifRange) {
        return ReplyPlanner.plan(new Traffic.Request(method, "/x.bin", range, ifRange),
                new Resource.Admission(1, behaviour, VERSION));
    }

    private static Entity entity(Behaviour behaviour, String range) {
        return assertInstanceOf(Entity.class, plan(behaviour, "GET", range, null));
    }

    @Test
    void onlyTheStragglerOffsetIsThrottled() {
        var b = Behaviour.builder().slowWhenRangeStartsAt(500, 100).build();

        assertEquals(100, entity(b, "bytes=500-599").bytesPerSecond());
        assertEquals(0, entity(b, "bytes=0-499").bytesPerSecond());
        assertEquals(0, entity(b, "bytes=501-").bytesPerSecond());
        assertEquals(0, entity(b, null).bytesPerSecond());
    }

    @Test
    void theStragglerAtZeroIncludesTheWholeBody() {
        var b = Behaviour.builder().slowWhenRangeStartsAt(0, 100).build();

        assertEquals(100, entity(b, null).bytesPerSecond());
        assertEquals(100, entity(b, "bytes=0-9").bytesPerSecond());
        assertEquals(0, entity(b, "bytes=10-19").bytesPerSecond());
    }

    @Test
    void theStragglerRateWinsOverTheGeneralRate() {
        var b = Behaviour.builder().rate(1000).slowWhenRangeStartsAt(500, 100).build();

        assertEquals(100, entity(b, "bytes=500-").bytesPerSecond());
        assertEquals(1000, entity(b, "bytes=0-").bytesPerSecond());
    }

    @Test
    void shiftedRangesStayInsideTheBody() {
        var b = Behaviour.builder().shiftedRange(100).build();

        var e = entity(b, "bytes=950-999");

        assertEquals(999, e.offset());
        assertEquals(1, e.length());
        assertEquals("bytes 999-999/1000", e.headers().get("Content-Range"));
    }

    @Test
    void noContentLengthStillHonoursRangesWithoutAdvertising() {
        var b = Behaviour.builder().noContentLength().build();

        assertEquals(Framing.CHUNKED, entity(b, null).framing());
        var ranged = entity(b, "bytes=0-9");
        assertEquals(206, ranged.status());
        assertEquals(Framing.FIXED, ranged.framing());
        assertEquals(null, ranged.headers().get("Accept-Ranges"));
    }

    @Test
    void headIgnoresRange() {
        var e = assertInstanceOf(Entity.class, plan(Behaviour.NORMAL, "HEAD", "bytes=0-9", null));

        assertEquals(200, e.status());
        assertEquals(1000, e.length());
    }

    @Test
    void ifRangeComparesDatesExactly() {
        assertEquals(206, entity(Behaviour.NORMAL, "bytes=0-9").status());
        var same = plan(Behaviour.NORMAL, "GET", "bytes=0-9", "Fri, 02 Jan 2026 03:04:05 GMT");
        var later = plan(Behaviour.NORMAL, "GET", "bytes=0-9", "Fri, 02 Jan 2026 03:04:06 GMT");

        assertEquals(206, same.status());
        assertEquals(200, later.status());
    }

    @Test
    void failuresComeBeforeRedirects() {
        var b = Behaviour.builder().failFirst(1, 429).retryAfter("3").redirectTo("/y").build();

        var reply = assertInstanceOf(Message.class, plan(b, "GET", null, null));

        assertEquals(429, reply.status());
        assertEquals("3", reply.headers().get("Retry-After"));
    }
}
