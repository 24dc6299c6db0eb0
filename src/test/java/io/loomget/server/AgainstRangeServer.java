package io.loomget.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.RangeServerExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture of the server's own tests: a started {@link RangeServer} serving one generated file at
 * {@link #path}, and a real HTTP/1.1 client to ask it. Each test class names the file it serves.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(30)
abstract class AgainstRangeServer {

    final String path;
    final long size;
    final Content content;

    RangeServer server;
    TestHttp http;

    AgainstRangeServer(String path, long size, long seed) {
        this.path = path;
        this.size = size;
        this.content = Content.generated(size, seed);
    }

    @BeforeEach
    void serveTheFile(RangeServer server) {
        this.server = server.add(path, content);
        http = new TestHttp();
    }

    @AfterEach
    void closeTheClient() {
        http.close();
    }

    /** Gives the served file {@code behaviour}. */
    void behave(BehaviourBuilder behaviour) {
        server.behave(path, behaviour.build());
    }

    /** The header's value; fails the test when the response lacks it. */
    static String header(HttpResponse<?> response, String name) {
        var value = response.headers().firstValue(name);
        assertTrue(value.isPresent(), () -> "missing header " + name + " in " + response.headers().map());
        assertNotNull(value.get());
        return value.get();
    }
}
