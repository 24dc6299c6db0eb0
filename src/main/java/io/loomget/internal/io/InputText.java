package io.loomget.internal.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An input file ({@code -i}) as text: UTF-8, a byte that is not UTF-8 read as U+FFFD (its line is
 * refused by the parser, not the whole file), and gunzipped when it is gzip, as aria2 reads its input
 * files (its {@code --save-session=FILE.gz} writes one).
 */
public final class InputText {

    /** gzip's magic number, RFC 1952. */
    private static final int GZIP_1 = 0x1f;
    private static final int GZIP_2 = 0x8b;

    private InputText() {}

    /**
     * Whether {@code text}, read through {@link #open}, held a byte that is not UTF-8: such a line is
     * refused (its name or URL would not be the one written; aria2 takes the raw bytes), never the file.
     */
    public static boolean hasUndecodable(String text) {
        return text.indexOf('\uFFFD') >= 0;
    }

    /** {@code path} opened for reading lines. */
    public static BufferedReader open(Path path) throws IOException {
        var in = new BufferedInputStream(Files.newInputStream(path));
        try {
            return new BufferedReader(new InputStreamReader(gzip(in) ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether {@code in} starts with gzip's magic number; {@code in} is left where it was. */
    private static boolean gzip(InputStream in) throws IOException {
        in.mark(2);
        try {
            return in.read() == GZIP_1 && in.read() == GZIP_2;
        } finally {
            in.reset();
        }
    }
}
