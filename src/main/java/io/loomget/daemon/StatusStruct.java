package io.loomget.daemon;

import io.loomget.DownloadStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link DownloadStatus} as aria2's {@code tellStatus} struct: every number a decimal string, the
 * file's pieces as a hex {@code bitfield}, {@code errorCode} and {@code errorMessage} once it ended.
 * With a key list only those keys come back.
 */
final class StatusStruct {

    /** aria2's piece size for HTTP downloads of this kind (what it shows for a 32 MiB file). */
    static final long PIECE = 1L << 20;

    private final Options options;

    StatusStruct(Options options) {
        this.options = options;
    }

    Map<String, Object> of(DownloadStatus status, List<String> keys) {
        var all = of(status);
        if (keys.isEmpty()) {
            return all;
        }
        var some = new LinkedHashMap<String, Object>();
        for (var key : keys) {
            if (all.containsKey(key)) {
                some.put(key, all.get(key));
            }
        }
        return some;
    }

    Map<String, Object> of(DownloadStatus status) {
        long size = Math.max(0, status.size());
        var out = new LinkedHashMap<String, Object>();
        out.put("gid", Gids.hex(status.gid()));
        out.put("status", status.state().name().toLowerCase(Locale.ROOT));
        out.put("totalLength", Long.toString(size));
        out.put("completedLength", Long.toString(status.done()));
        out.put("uploadLength", "0");
        out.put("downloadSpeed", Long.toString(status.speed()));
        out.put("uploadSpeed", "0");
        out.put("connections", Integer.toString(status.connections()));
        out.put("dir", options.describe(status.request(), status.settings()).get("dir"));
        long pieces = (size + PIECE - 1) / PIECE;
        out.put("numPieces", Long.toString(pieces));
        out.put("pieceLength", Long.toString(PIECE));
        if (status.size() >= 0) {
            out.put("bitfield", bitfield(status, pieces));
        }
        if (status.result() != null) {
            var code = ErrorCodes.of(status.result());
            out.put("errorCode", code.code());
            out.put("errorMessage", code.message());
        }
        out.put("files", List.of(file(status)));
        return out;
    }

    /** {@code getFiles}: the one file of an HTTP download. */
    Map<String, Object> file(DownloadStatus status) {
        var file = new LinkedHashMap<String, Object>();
        file.put("index", "1");
        file.put("path", path(status));
        file.put("length", Long.toString(Math.max(0, status.size())));
        file.put("completedLength", Long.toString(status.done()));
        file.put("selected", "true");
        file.put("uris", uris(status));
        return file;
    }

    /**
     * Where the file is (or will be): its name on disk once it has one; before that, with {@code out}, the
     * path that asks for (aria2 shows it from the start; AriaNg names the task by it); else nothing yet.
     */
    private String path(DownloadStatus status) {
        if (status.target() != null) {
            return status.target().toAbsolutePath().toString();
        }
        var out = status.request().outName();
        if (out == null) {
            return "";
        }
        return java.nio.file.Path.of(options.describe(status.request(), status.settings()).get("dir")).resolve(out)
                .toAbsolutePath().toString();
    }

    /**
     * {@code getUris}: each URI with {@code used} once the download has fetched from it, else
     * {@code waiting}. A download paused or stopped with bytes on disk has used its first URI (as aria2
     * shows it), its mirrors only while or after it ran.
     */
    static List<Map<String, Object>> uris(DownloadStatus status) {
        var ran = switch (status.state()) {
            case ACTIVE, COMPLETE, ERROR -> true;
            case WAITING, PAUSED, REMOVED -> false;
        };
        var out = new ArrayList<Map<String, Object>>();
        out.add(uri(status.request().uri(), ran || status.done() > 0));
        status.request().mirrors().forEach(mirror -> out.add(uri(mirror, ran)));
        return out;
    }

    private static Map<String, Object> uri(URI uri, boolean used) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("uri", uri.toString());
        entry.put("status", used ? "used" : "waiting");
        return entry;
    }

    /** One bit a piece, the first piece in the highest bit, set when the piece is wholly on disk. */
    private static String bitfield(DownloadStatus status, long pieces) {
        var bytes = new byte[(int) ((pieces + 7) / 8)];
        for (var run : status.runs()) {
            long first = (run.start() + PIECE - 1) / PIECE;
            long end = run.end() == status.size() ? pieces : run.end() / PIECE;
            for (long p = first; p < end; p++) {
                bytes[(int) (p / 8)] |= (byte) (0x80 >>> (p % 8));
            }
        }
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
