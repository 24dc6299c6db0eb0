package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.DownloadQueue.Addition;
import io.loomget.DownloadStatus;
import io.loomget.InvalidUrlException;
import io.loomget.Links;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** aria2's methods that add, stop, move and change downloads, over the {@link DownloadQueue}. */
final class DownloadMethods {

    private static final String OK = "OK";

    private final DownloadQueue queue;
    private final Options options;
    private final GlobalOptions globals;

    DownloadMethods(DownloadQueue queue, Options options, GlobalOptions globals) {
        this.queue = queue;
        this.options = options;
        this.globals = globals;
    }

    void register(MethodTable table) {
        table.add("aria2.addUri", this::addUri)
                .add("aria2.remove", p -> gidAfter(p, queue::remove))
                .add("aria2.forceRemove", p -> gidAfter(p, queue::remove))
                .add("aria2.pause", p -> gidAfter(p, queue::pause))
                .add("aria2.forcePause", p -> gidAfter(p, queue::pause))
                .add("aria2.pauseAll", p -> okAfter(queue::pauseAll))
                .add("aria2.forcePauseAll", p -> okAfter(queue::pauseAll))
                .add("aria2.unpause", p -> gidAfter(p, queue::resume))
                .add("aria2.unpauseAll", p -> okAfter(queue::resumeAll))
                .add("aria2.changePosition", this::changePosition)
                .add("aria2.changeUri", this::changeUri)
                .add("aria2.getOption", p -> Options.shown(options.describe(status(p).request(), status(p).settings())))
                .add("aria2.changeOption", this::changeOption)
                .add("aria2.purgeDownloadResult", p -> okAfter(queue::purgeResults))
                .add("aria2.removeDownloadResult", p -> {
                    queue.removeResult(p.gid(0));
                    return OK;
                });
    }

    /** {@code addUri(uris[, options[, position]])}: the new download's GID. */
    private Object addUri(Params p) {
        // aria2 skips what is not a string (and then finds nothing, or nothing usable)
        var given = new ArrayList<Object>(p.list(0).stream().filter(String.class::isInstance).toList());
        if (given.isEmpty()) {
            throw RpcError.of("URI is not provided.");
        }
        var uris = uris(given);
        var opts = Options.strings(p.optionalStruct(1).orElse(Map.of()));
        long asked = p.size() > 2 ? p.integer(2) : -1;
        if (p.size() > 2 && asked < 0) {
            throw RpcError.of("Position must be greater than or equal to 0.");
        }
        int position = (int) Math.min(asked, Integer.MAX_VALUE);
        return Gids.hex(queue.add(addition(uris, opts).at(position)));
    }

    /** A download as {@code addUri} and a session line give it: URIs, options, {@code gid=} and {@code pause=}. */
    Addition addition(List<URI> uris, Map<String, String> opts) {
        var download = globals.download(uris, opts);
        var addition = Addition.of(download.request(), download.settings());
        if (opts.containsKey("gid")) {
            try {
                addition = addition.withGid(Gids.parseWhole(opts.get("gid")));
            } catch (RpcError e) {
                throw Options.bad("gid");
            }
        }
        if (opts.containsKey("pause")) {
            switch (opts.get("pause")) {
                case "true" -> addition = addition.paused(true);
                case "false" -> { }
                default -> throw Options.bad("pause");
            }
        }
        return addition;
    }

    /** The URIs that are http(s) URLs; "No URI to download." when none is. */
    static List<URI> uris(List<Object> given) {
        var uris = new ArrayList<URI>();
        for (int i = 0; i < given.size(); i++) {
            if (!(given.get(i) instanceof String text)) {
                throw Params.wrongType(0);
            }
            try {
                uris.add(Links.parseArgument(text).uri());
            } catch (InvalidUrlException e) {
                try { // aria2 percent-encodes what may not stand in a URI (spaces, |, ...) rather than refuse it
                    uris.add(Links.parseArgument(percentEncodeUnsafe(text.strip())).uri());
                } catch (InvalidUrlException stillNot) {
                    // aria2 drops what it cannot download and complains only when nothing is left
                }
            }
        }
        if (uris.isEmpty()) {
            throw RpcError.of("No URI to download.");
        }
        return uris;
    }

    /** {@code text} with spaces, control characters, non-ASCII and {@code "<>\\^`{|}} percent-encoded, as aria2 does. */
    static String percentEncodeUnsafe(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                out.append('%').append(java.util.HexFormat.of().withUpperCase().toHexDigits((byte) c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private Object changePosition(Params p) {
        long gid = status(p).gid(); // an unknown GID is named before a bad offset or origin, as aria2 does
        int offset = (int) Math.clamp(p.integer(1), Integer.MIN_VALUE, Integer.MAX_VALUE);
        var from = switch (p.string(2)) {
            case "POS_SET" -> DownloadQueue.Whence.SET;
            case "POS_CUR" -> DownloadQueue.Whence.CUR;
            case "POS_END" -> DownloadQueue.Whence.END;
            default -> throw RpcError.of("Illegal argument.");
        };
        return (long) queue.move(gid, offset, from);
    }

    /** {@code changeUri(gid, fileIndex, delUris, addUris[, position])}: {@code [deleted, added]}. */
    private Object changeUri(Params p) {
        // checked in aria2's order, with its words: the parameters, then the download, then the file
        var gid = p.string(0);
        if (p.integer(1) < 1) {
            throw RpcError.of("The integer parameter at 1 has invalid value: the value must be greater than or equal to 1.");
        }
        var deletions = p.list(2);
        var additions = p.list(3);
        if (p.size() > 4 && p.integer(4) < 0) {
            throw RpcError.of("Position must be greater than or equal to 0.");
        }
        var status = Gids.status(queue, gid);
        if (status.state().stopped()) {
            throw RpcError.of("Cannot remove URIs from GID#" + Gids.hex(status.gid()));
        }
        if (p.integer(1) != 1) {
            throw RpcError.of("fileIndex is out of range");
        }
        var current = new ArrayList<>(uris(status).stream().map(URI::toString).toList());
        long deleted = deletions.stream().filter(current::remove).count();
        var added = additions.isEmpty() ? List.<URI>of() : uris(additions);
        int at = p.size() > 4 ? (int) Math.min(p.integer(4), current.size()) : current.size();
        current.addAll(at, added.stream().map(URI::toString).toList());
        var download = options.apply(uris(new ArrayList<>(current)), status.settings(),
                options.describe(status.request(), status.settings()));
        queue.change(status.gid(), download.request(), download.settings());
        return List.of(deleted, (long) added.size());
    }

    private static List<URI> uris(DownloadStatus status) {
        return Stream.concat(Stream.of(status.request().uri()), status.request().mirrors().stream()).toList();
    }

    private Object changeOption(Params p) {
        var status = status(p);
        var opts = new java.util.LinkedHashMap<>(options.describe(status.request(), status.settings()));
        opts.putAll(Options.strings(p.struct(1)));
        var download = options.apply(uris(status), status.settings(), opts);
        queue.change(status.gid(), download.request(), download.settings());
        return OK;
    }

    private DownloadStatus status(Params p) {
        return Gids.status(queue, p.string(0));
    }

    private static Object gidAfter(Params p, java.util.function.LongConsumer action) {
        long gid = p.gid(0);
        action.accept(gid);
        return Gids.hex(gid);
    }

    private static Object okAfter(Runnable action) {
        action.run();
        return OK;
    }
}
