package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.QueueEvent;
import io.loomget.QueueListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells of the queue's events: one plain line each on the daemon's output, and aria2's notification
 * ({@code aria2.onDownloadStart}, …) to every WebSocket client, once the server is up. Lines of
 * downloads restored before that are held back, so that the listening line comes first.
 */
final class Announcer implements QueueListener {

    private final PrintWriter out;
    private volatile DownloadQueue queue;
    private volatile Consumer<String> clients = text -> {};
    /** Lines held back until {@link #connect}; null once connected. Guarded by {@code out}. */
    private List<String> early = new java.util.ArrayList<>();

    Announcer(PrintWriter out) {
        this.out = out;
    }

    /** The server is up: notifications go to {@code clients}, and the held-back lines are printed. */
    void connect(Consumer<String> clients) {
        this.clients = clients;
        synchronized (out) {
            early.forEach(out::println);
            early = null;
            out.flush();
        }
    }

    /** The queue to read a download's details from for the log. */
    void follow(DownloadQueue queue) {
        this.queue = queue;
    }

    @Override
    public void on(QueueEvent event) {
        var method = switch (event) {
            case QueueEvent.Started s -> "aria2.onDownloadStart";
            case QueueEvent.Paused p -> "aria2.onDownloadPause";
            case QueueEvent.Removed r -> "aria2.onDownloadStop";
            case QueueEvent.Completed c -> "aria2.onDownloadComplete";
            case QueueEvent.Failed f -> "aria2.onDownloadError";
        };
        log(event);
        var note = new LinkedHashMap<String, Object>();
        note.put("jsonrpc", "2.0");
        note.put("method", method);
        note.put("params", List.of(Map.of("gid", Gids.hex(event.gid()))));
        clients.accept(Json.text(note));
    }

    private void log(QueueEvent event) {
        var status = queue == null ? null : queue.status(event.gid()).orElse(null);
        var gid = Gids.hex(event.gid());
        var what = status == null ? "" : switch (event) {
            case QueueEvent.Started s -> status.request().displayUri();
            case QueueEvent.Completed c -> status.target() == null ? "" : status.target().toString();
            case QueueEvent.Failed f -> ErrorCodes.of(status.result()).message() + "  " + status.request().displayUri();
            default -> "";
        };
        var word = switch (event) {
            case QueueEvent.Started s -> "start ";
            case QueueEvent.Paused p -> "pause ";
            case QueueEvent.Removed r -> "remove";
            case QueueEvent.Completed c -> "done  ";
            case QueueEvent.Failed f -> "error ";
        };
        var line = (word + " " + gid + "  " + what).strip();
        synchronized (out) {
            if (early != null) {
                early.add(line);
                return;
            }
            out.println(line);
            out.flush();
        }
    }
}
