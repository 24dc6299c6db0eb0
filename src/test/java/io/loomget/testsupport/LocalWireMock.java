package io.loomget.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** A WireMock server on an ephemeral port of 127.0.0.1: started for the caller, or owned by JUnit. */
public final class LocalWireMock {

    private LocalWireMock() {}

    /** With {@code extensions}, e.g. {@link RangeResponses#everywhere()} for byte ranges on every stub. */
    public static WireMockServer start(Extension... extensions) {
        var server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(extensions));
        server.start();
        return server;
    }

    /**
     * The same server as a JUnit extension: in a static {@code @RegisterExtension} field one server for
     * the class, stubs and request journal reset before each test; in an instance field one per test.
     */
    public static WireMockExtension extension(Extension... extensions) {
        return WireMockExtension.newInstance()
                .options(options().dynamicPort().bindAddress("127.0.0.1").extensions(extensions))
                .build();
    }
}
