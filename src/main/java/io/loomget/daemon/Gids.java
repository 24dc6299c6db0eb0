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
        return queue.status(parse(text)).orElseThrow(() -> RpcError.of("GID " + text + " is not found"));
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
