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

    /** How an event is told: aria2's notification method and the log line's first word. */
    private record Telling(String method, String word) {}

    private static Telling telling(QueueEvent event) {
        return switch (event) {
            case QueueEvent.Started s -> new Telling("aria2.onDownloadStart", "start ");
            case QueueEvent.Paused p -> new Telling("aria2.onDownloadPause", "pause ");
            case QueueEvent.Removed r -> new Telling("aria2.onDownloadStop", "remove");
            case QueueEvent.Completed c -> new Telling("aria2.onDownloadComplete", "done  ");
            case QueueEvent.Failed f -> new Telling("aria2.onDownloadError", "error ");
        };
    }

    @Override
    public void on(QueueEvent event) {
        var telling = telling(event);
        log(event, telling.word());
        var note = new LinkedHashMap<String, Object>();
        note.put("jsonrpc", "2.0");
        note.put("method", telling.method());
        note.put("params", List.of(Map.of("gid", Gids.hex(event.gid()))));
        clients.accept(Json.text(note));
    }

    private void log(QueueEvent event, String word) {
        var status = queue == null ? null : queue.status(event.gid()).orElse(null);
        var gid = Gids.hex(event.gid());
        var what = status == null ? "" : switch (event) {
            case QueueEvent.Started s -> status.request().displayUri();
            case QueueEvent.Completed c -> status.target() == null ? "" : status.target().toString();
            case QueueEvent.Failed f -> ErrorCodes.of(status.result()).message() + "  " + status.request().displayUri();
            default -> "";
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
