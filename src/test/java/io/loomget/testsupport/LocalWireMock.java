package io.loomget.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

/** A WireMock server on an ephemeral port of 127.0.0.1, started; the caller stops it. */
public final class LocalWireMock {

    private LocalWireMock() {}

    /** With {@code extensions}, e.g. {@link RangeResponses#everywhere()} for byte ranges on every stub. */
    public static WireMockServer start(Extension... extensions) {
        var server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(extensions));
        server.start();
        return server;
    }
}
