package io.loomget.internal.engine;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** Writing to the local disk failed (full, read-only, permissions): asking the server again cannot help. */
final class LocalWriteException extends IOException {
    /** {@code message} names the file; the cause's description follows, without naming it again. */
    LocalWriteException(String message, IOException cause) {
        super(message + ": " + reason(message, cause), cause);
    }

    /**
     * The JDK's file exceptions name their file ("/d/x.part: Read-only file system", "permission
     * denied: /d/x.part"): said once in the message, it goes from the reason.
     */
    private static String reason(String message, IOException cause) {
        var reason = Failures.describe(cause);
        var file = cause instanceof FileSystemException fs && fs.getOtherFile() == null ? fs.getFile() : null;
        if (file == null || file.isEmpty() || !message.endsWith(file)) {
            return reason;
        }
        if (reason.startsWith(file + ": ")) {
            return reason.substring(file.length() + 2);
        }
        if (reason.endsWith(": " + file)) {
            return reason.substring(0, reason.length() - file.length() - 2);
        }
        return reason.equals(file) ? cause.getClass().getSimpleName() : reason;
    }
}
