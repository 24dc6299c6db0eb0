package io.loomget.nginx;

/** One access-log line, as written by the template's {@code loomget} log format. */
public record AccessLogEntry(double endSeconds, double requestSeconds, long connection, int connectionRequests,
                             int status, long bodyBytesSent, String range, String request) {

    /** The line as nginx wrote it; throws on a line of another format. */
    public static AccessLogEntry parse(String line) {
        var f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("not a loomget access-log line: " + line);
        }
        return new AccessLogEntry(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                Integer.parseInt(f[3]), Integer.parseInt(f[4]), Long.parseLong(f[5]),
                f[6].equals("-") ? null : f[6], f[7]);
    }

    /** The method of the request line ({@code GET}). */
    public String method() {
        return request.split(" ", 2)[0];
    }

    /** The request target as sent, e.g. {@code /files/a.bin}. */
    public String path() {
        var parts = request.split(" ");
        return parts.length >= 2 ? parts[1] : "";
    }

    public boolean hasRange() {
        return range != null;
    }

    /** When nginx started reading the request (its end minus its duration), in epoch seconds. */
    public double startSeconds() {
        return endSeconds - requestSeconds;
    }
}
