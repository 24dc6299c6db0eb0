package io.loomget.testsupport;

import io.loomget.server.RangeServer;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test a started {@link RangeServer} on an ephemeral port of 127.0.0.1 and stops it when
 * the scope that asked for it ends: after the test for a {@code @BeforeEach} or test-method
 * parameter, after the class for a {@code @BeforeAll} one. Each {@code RangeServer} parameter is
 * a server of its own.
 *
 * <pre>{@code
 * @ExtendWith(RangeServerExtension.class)
 * class FooTest {
 *     private RangeServer server;
 *
 *     @BeforeEach
 *     void serve(RangeServer server) {
 *         this.server = server.add("/a.bin", CONTENT);
 *     }
 * }
 * }</pre>
 *
 * With options: {@code @RegisterExtension final RangeServerExtension servers = RangeServerExtension.latency(…)}.
 */
public final class RangeServerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RangeServerExtension.class);

    private final Duration latency;

    /** Servers with default options (no latency); what {@code @ExtendWith} makes. */
    public RangeServerExtension() {
        this(Duration.ZERO);
    }

    private RangeServerExtension(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
    }

    /** Servers that wait {@code latency} before the headers of every response. */
    public static RangeServerExtension latency(Duration latency) {
        return new RangeServerExtension(latency);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RangeServer.class;
    }

    @Override
    public RangeServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var server = RangeServer.builder().latency(latency).start();
        // The store closes what it holds when its context ends (after every @AfterEach / @AfterAll).
        context.getStore(NAMESPACE).put(new Object(), server);
        return server;
    }
}
