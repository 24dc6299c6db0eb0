package io.loomget.daemon;

import io.loomget.DownloadQueue;
import io.loomget.DownloadStatus;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** aria2's GIDs: a download's 64-bit id as 16 lowercase hex digits. */
final class Gids {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,16}");

    private Gids() {}

    static String hex(long gid) {
        return HexFormat.of().toHexDigits(gid);
    }

    /**
     * The status of the download {@code text} names.
     *
     * @throws RpcError "Invalid GID …" or "GID … is not found", in aria2's words
     */
    static DownloadStatus status(DownloadQueue queue, String text) {
        return queue.status(expand(queue, text)).orElseThrow(() -> RpcError.of("GID " + text + " is not found"));
    }

    /**
     * The GID {@code text} names: itself when it has all 16 digits, else the one download (active,
     * waiting or stopped) whose GID starts with it, as aria2 reads a GID its console shortened.
     *
     * @throws RpcError "Invalid GID …", or "GID … is not unique" / "is not found" for a prefix
     */
    static long expand(DownloadQueue queue, String text) {
        long whole = parse(text);
        if (text.length() == 16) {
            return whole;
        }
        var prefix = text.toLowerCase(java.util.Locale.ROOT);
        var all = new java.util.ArrayList<>(queue.active());
        all.addAll(queue.waiting(0, Integer.MAX_VALUE));
        all.addAll(queue.stopped(0, Integer.MAX_VALUE));
        var matches = all.stream().map(DownloadStatus::gid).filter(gid -> hex(gid).startsWith(prefix)).distinct().toList();
        return switch (matches.size()) {
            case 0 -> throw RpcError.of("GID " + text + " is not found");
            case 1 -> matches.getFirst();
            default -> throw RpcError.of("GID " + text + " is not unique");
        };
    }

    /**
     * A GID given whole, as the {@code gid} option must be: 16 hex digits, not all zeros (aria2 refuses
     * both a shorter one and zero).
     *
     * @throws RpcError "Invalid GID …" otherwise
     */
    static long parseWhole(String text) {
        long gid = parse(text);
        if (text.length() != 16 || gid == 0) {
            throw RpcError.of("Invalid GID " + text);
        }
        return gid;
    }

    /** @throws RpcError "Invalid GID …" for text that is no GID at all */
    static long parse(String text) {
        if (!HEX.matcher(text).matches()) {
            throw RpcError.of("Invalid GID " + text);
        }
        return Long.parseUnsignedLong(text, 16);
    }
}
