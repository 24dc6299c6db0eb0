package io.loomget.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Method names to their bodies, and the calling convention around them: the token taken off the
 * parameters and checked, aria2's "No such method", and {@code system.multicall},
 * {@code system.listMethods}, {@code system.listNotifications} (the last two need no token, as in aria2).
 */
final class MethodTable {

    @FunctionalInterface
    interface Method {
        Object call(Params params);
    }

    static final List<String> NOTIFICATIONS = List.of("aria2.onDownloadStart", "aria2.onDownloadPause",
            "aria2.onDownloadStop", "aria2.onDownloadComplete", "aria2.onDownloadError", "aria2.onBtDownloadComplete");

    private static final String MULTICALL = "system.multicall";

    private final Map<String, Method> methods = new LinkedHashMap<>();
    private final Token token;
    /** Reads a GID parameter: whole, or a unique prefix of a download's. */
    private final java.util.function.ToLongFunction<String> gids;

    MethodTable(Token token, java.util.function.ToLongFunction<String> gids) {
        this.token = token;
        this.gids = gids;
    }

    MethodTable add(String name, Method method) {
        methods.put(name, method);
        return this;
    }

    /** {@code name} called with {@code params} (the token first, when a secret is set). */
    Object call(String name, List<Object> params) {
        return switch (name) {
            case "system.listMethods" -> names();
            case "system.listNotifications" -> NOTIFICATIONS;
            case MULTICALL -> multicall(new Params(params, gids));
            default -> {
                var rest = params;
                String given = null;
                if (!params.isEmpty() && params.getFirst() instanceof String first && first.startsWith(Token.PREFIX)) {
                    given = first.substring(Token.PREFIX.length());
                    rest = params.subList(1, params.size());
                }
                token.check(given); // first, as aria2 does: without the secret nobody learns which methods exist
                var method = methods.get(name);
                if (method == null) {
                    throw RpcError.of("No such method: " + name);
                }
                try {
                    yield method.call(new Params(rest, gids));
                } catch (NoSuchElementException | IllegalStateException | IllegalArgumentException e) {
                    throw RpcError.of(e.getMessage()); // the queue's refusals are one line for the user
                }
            }
        };
    }

    private List<String> names() {
        var all = new ArrayList<>(methods.keySet());
        all.addAll(List.of(MULTICALL, "system.listMethods", "system.listNotifications"));
        return all;
    }

    /** Each success wrapped in a one-element array, each failure a bare {@code {code, message}}. */
    private List<Object> multicall(Params params) {
        var answers = new ArrayList<>();
        for (var item : params.list(0)) {
            try {
                if (!(item instanceof Map<?, ?> call)) {
                    throw RpcError.of("system.multicall expected struct.");
                }
                if (!(call.get("methodName") instanceof String name)) {
                    throw RpcError.of("Missing methodName.");
                }
                if (name.equals(MULTICALL)) {
                    throw RpcError.of("Recursive system.multicall forbidden.");
                }
                // params that are not an array count as none, as in aria2 (so the token is missing)
                var inner = call.get("params") instanceof List<?> list ? new ArrayList<Object>(list) : new ArrayList<>();
                answers.add(Envelope.counted(List.of(call(name, inner)))); // written now, as a batch's answers are
            } catch (RpcError e) {
                if (e.isBusy()) {
                    throw e;
                }
                answers.add(e.toStruct());
            }
        }
        return answers;
    }
}
