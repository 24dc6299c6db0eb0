package io.loomget.daemon;

import io.loomget.Version;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * aria2's methods about the daemon itself: global options, version, session, shutdown; and the
 * BitTorrent and Metalink methods, which answer that loomget has no such thing.
 */
final class DaemonMethods {

    private final GlobalOptions globals;
    private final SessionFile session;
    private final Runnable shutdown;
    private final String sessionId;

    /** {@code session} null without {@code --save-session}; {@code shutdown} asks the daemon to stop. */
    DaemonMethods(GlobalOptions globals, SessionFile session, Runnable shutdown) {
        this.globals = globals;
        this.session = session;
        this.shutdown = shutdown;
        var id = new byte[20];
        ThreadLocalRandom.current().nextBytes(id);
        this.sessionId = HexFormat.of().formatHex(id);
    }

    void register(MethodTable table) {
        table.add("aria2.getGlobalOption", p -> globals.describe())
                .add("aria2.changeGlobalOption", p -> {
                    globals.change(Options.strings(p.struct(0)));
                    return "OK";
                })
                .add("aria2.getVersion", p -> version())
                .add("aria2.getSessionInfo", p -> Map.of("sessionId", sessionId))
                .add("aria2.saveSession", p -> saveSession())
                .add("aria2.shutdown", p -> stop())
                .add("aria2.forceShutdown", p -> stop())
                .add("aria2.addTorrent", p -> {
                    throw RpcError.of("BitTorrent is not supported by loomget (HTTP and HTTPS only)");
                })
                .add("aria2.addMetalink", p -> {
                    throw RpcError.of("Metalink is not supported by loomget (HTTP and HTTPS only)");
                });
    }

    private static Map<String, Object> version() {
        var out = new LinkedHashMap<String, Object>();
        out.put("enabledFeatures", List.of("HTTPS", "Message Digest"));
        out.put("version", Version.NUMBER);
        return out;
    }

    private Object saveSession() {
        if (session == null) {
            throw RpcError.of("Filename is not given.");
        }
        try {
            session.save();
        } catch (IOException e) {
            throw RpcError.of("Failed to serialize session to '" + session.path() + "': " + e.getMessage());
        }
        return "OK";
    }

    private Object stop() {
        shutdown.run();
        return "OK";
    }
}
