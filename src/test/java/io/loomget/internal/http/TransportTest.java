package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The transport owns the executor its client runs on. */
class TransportTest {

    @Test
    void closingTheTransportShutsItsExecutorDown() {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var transport = new JdkTransport(new JdkTransport.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of(),
                null, false, null, executor, TlsMaterial.DEFAULTS, null, null));
        assertFalse(executor.isShutdown());

        transport.close();

        assertTrue(executor.isShutdown(), "the batch's executor outlived its transport");
    }
}
