package io.loomget;

/**
 * What loomget would do with one URL — name, size, range support, validator — found with the same
 * first request a download makes, whose body is then dropped unread ({@link Batch#inspect},
 * {@code --dry-run}).
 *
 * @param name      the file name a download would take; null when the probe failed
 * @param size      the size in bytes; -1 when unknown
 * @param rangeable whether the server answers byte ranges (so that the file can be split and resumed)
 * @param validator the ETag or Last-Modified a download would check ranges against; null for none
 * @param finalUri  where redirects led, without credentials; null when the probe failed
 * @param error     why the probe failed; null when it worked
 */
public record Inspection(DownloadRequest request, String name, long size, boolean rangeable, String validator,
                         String finalUri, String error) {}
