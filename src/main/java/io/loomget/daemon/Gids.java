package io.loomget.daemon;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** aria2's GIDs: a download's 64-bit id as 16 lowercase hex digits. */
final class Gids {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,16}");

    private Gids() {}

    static String hex(long gid) {
        return HexFormat.of().toHexDigits(gid);
    }

    /** @throws RpcError "Invalid GID …" for text that is no GID at all */
    static long parse(String text) {
        if (!HEX.matcher(text).matches()) {
            throw RpcError.of("Invalid GID " + text);
        }
        return Long.parseUnsignedLong(text, 16);
    }
}
