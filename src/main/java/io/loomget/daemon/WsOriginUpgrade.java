package io.loomget.daemon;

import io.helidon.common.Weight;
import io.helidon.http.Headers;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgradeProvider;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * Helidon's WebSocket upgrade without its own Origin rule (a page may only connect from the server's
 * own origin, with no way to allow all): the daemon's {@link OriginPolicy} decides instead, in
 * {@link WsEndpoint}'s upgrade check, so that {@code --rpc-allow-origin-all} works for WebSocket too.
 * Found through {@code META-INF/services}; its higher weight puts it before Helidon's provider.
 */
@Weight(200)
public final class WsOriginUpgrade extends WsUpgradeProvider {

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        return new WsUpgrader(config) {
            @Override
            protected void validateOrigin(Headers headers, String origin) {
                // left to OriginPolicy (WsEndpoint's onHttpUpgrade), which every upgrade goes through
            }
        };
    }
}
