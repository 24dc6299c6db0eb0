package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.DownloadStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** aria2's methods that look at downloads: {@code tellStatus}, the lists, URIs, files, servers, counts. */
final class StatusMethods {

    private final DownloadQueue queue;
    private final StatusStruct struct;

    StatusMethods(DownloadQueue queue, StatusStruct struct) {
        this.queue = queue;
        this.struct = struct;
    }

    void register(MethodTable table) {
        table.add("aria2.tellStatus", p -> struct.of(status(p), keys(p, 1)))
                .add("aria2.getUris", p -> {
                    var status = status(p);
                    if (status.state().stopped()) {
                        throw RpcError.of("No URI data is available for GID#" + Gids.hex(status.gid()));
                    }
                    return StatusStruct.uris(status);
                })
                .add("aria2.getFiles", p -> List.of(struct.file(status(p))))
                .add("aria2.getServers", this::servers)
                // no download has peers (no BitTorrent): aria2 answers [] for its HTTP downloads too,
                // and its error for one that has stopped
                .add("aria2.getPeers", p -> {
                    var status = status(p);
                    if (status.state().stopped()) {
                        throw RpcError.of("No peer data is available for GID#" + Gids.hex(status.gid()));
                    }
                    return List.of();
                })
                .add("aria2.tellActive", p -> structs(queue.active(), keys(p, 0)))
                .add("aria2.tellWaiting", p -> page(p, queue::waiting, queue.stats().waiting()))
                .add("aria2.tellStopped", p -> page(p, queue::stopped, queue.stats().stopped()))
                .add("aria2.getGlobalStat", p -> stats());
    }

    /**
     * {@code getServers}: as aria2, one entry per connection fetching now (none before the first answer
     * streams), {@code uri} the download's URL or mirror it fetches as given, {@code currentUri} where its
     * requests land (after a redirect, the URL it led to), and that connection's speed.
     */
    private Object servers(Params p) {
        var status = status(p);
        if (status.state() != DownloadStatus.State.ACTIVE) {
            throw RpcError.of("No active download for GID#" + Gids.hex(status.gid()));
        }
        var servers = new ArrayList<Map<String, Object>>();
        for (var s : status.servers()) {
            var server = new LinkedHashMap<String, Object>();
            server.put("uri", s.uri().toString());
            server.put("currentUri", s.currentUri().toString());
            server.put("downloadSpeed", Long.toString(s.speed()));
            servers.add(server);
        }
        var file = new LinkedHashMap<String, Object>();
        file.put("index", "1");
        file.put("servers", servers);
        return List.of(file);
    }

    /**
     * {@code tellWaiting} and {@code tellStopped}: {@code num} from {@code offset}; a negative offset
     * counts from the end ({@code -1} is the last) and lists backwards, as aria2 does.
     */
    private Object page(Params p, BiFunction<Integer, Integer, List<DownloadStatus>> list, int size) {
        long offset = p.integer(0);
        long num = p.integer(1);
        var keys = keys(p, 2);
        if (num < 0) {
            throw RpcError.of("The integer parameter at 1 has invalid value: the value must be greater than or equal to 0.");
        }
        if (num == 0) {
            return List.of();
        }
        if (offset >= 0) {
            return structs(list.apply((int) Math.min(offset, Integer.MAX_VALUE), (int) Math.min(num, Integer.MAX_VALUE)), keys);
        }
        long last = size + offset; // the first one listed, counting backwards from it
        if (last < 0) {
            return List.of();
        }
        long first = Math.max(0, last - num + 1);
        var forwards = new ArrayList<>(list.apply((int) first, (int) (last - first + 1)));
        java.util.Collections.reverse(forwards);
        return structs(forwards, keys);
    }

    private List<Object> structs(List<DownloadStatus> statuses, List<String> keys) {
        return new ArrayList<>(statuses.stream().map(s -> struct.of(s, keys)).toList());
    }

    private Map<String, Object> stats() {
        var stats = queue.stats();
        var out = new LinkedHashMap<String, Object>();
        out.put("downloadSpeed", Long.toString(stats.speed()));
        out.put("numActive", Integer.toString(stats.active()));
        out.put("numStopped", Integer.toString(stats.stopped()));
        out.put("numStoppedTotal", Long.toString(stats.stoppedTotal()));
        out.put("numWaiting", Integer.toString(stats.waiting()));
        out.put("uploadSpeed", "0");
        return out;
    }

    private DownloadStatus status(Params p) {
        return Gids.status(queue, p.string(0));
    }

    /** The optional key filter at {@code i}: a list of strings. */
    private static List<String> keys(Params p, int i) {
        var keys = p.optionalList(i).orElse(List.of());
        for (var key : keys) {
            if (!(key instanceof String)) {
                throw Params.wrongType(i);
            }
        }
        return keys.stream().map(String.class::cast).toList();
    }
}
