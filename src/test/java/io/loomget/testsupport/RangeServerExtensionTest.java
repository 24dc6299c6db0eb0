package io.loomget.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomget.server.RangeServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension's own contract: a started loopback server per parameter, stopped after its test. */
@ExtendWith(RangeServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RangeServerExtensionTest {

    private static final List<RangeServer> handedOut = new ArrayList<>();

    @Test
    @Order(1)
    void parameterIsAStartedServerOnLoopback(RangeServer server) {
        handedOut.add(server);
        assertEquals("127.0.0.1", server.uri("/").getHost());
    }

    @Test
    @Order(2)
    void eachParameterIsAServerOfItsOwn(RangeServer a, RangeServer b) {
        assertNotEquals(a.port(), b.port());
    }

    @Test
    @Order(3)
    void serverOfAnEarlierTestIsStoppedAfterIt() {
        assertEquals(1, handedOut.size());
        assertThrows(IllegalStateException.class, () -> handedOut.getFirst().port(), "still running");
    }

    @AfterAll
    static void forget() {
        handedOut.clear();
    }
}
