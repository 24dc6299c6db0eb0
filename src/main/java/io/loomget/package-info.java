/**
 * loomget's public API: segmented HTTP downloads on virtual threads and structured concurrency.
 * Everything a library user needs is in this package; {@code io.loomget.internal.*} is not API and
 * may change in any release. The command line ({@code io.loomget.cli}) uses nothing else.
 *
 * <h2>Five lines</h2>
 * <pre>{@code
 * var settings = Settings.builder().outputDir(Path.of("downloads")).filesAtOnce(8).build();
 * List<FileResult> results = new Batch(settings, DownloadListener.NONE)
 *         .run(List.of(DownloadRequest.of(URI.create("https://example.org/big.iso"))));
 * for (var result : results) {
 *     if (result instanceof FileResult.Downloaded d) System.out.println(d.path() + " " + d.bytes());
 * }
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link io.loomget.Settings} (built and validated by {@link io.loomget.Settings.Builder}): how a
 *       batch downloads — files at once, connections per file, limits, timeouts, retries, threads.</li>
 *   <li>{@link io.loomget.DownloadRequest}: one file to fetch (URL, mirrors, name, checksum, headers);
 *       {@link io.loomget.Links} reads many from loomget's (aria2's) input format.</li>
 *   <li>{@link io.loomget.Batch}: runs requests, either a list (results in input order) or, for
 *       lists too long to hold, an iterator whose results are handed over as each file ends.</li>
 *   <li>{@link io.loomget.FileResult}: how one file ended — a sealed set of values to switch over.</li>
 *   <li>{@link io.loomget.DownloadEvent} and {@link io.loomget.DownloadListener}: what happens while
 *       it runs; {@link io.loomget.FileProgress} is a file's live, read-only byte count.</li>
 *   <li>{@link io.loomget.Inspection}: what a download would do with a URL (name, size, ranges),
 *       found by {@link io.loomget.Batch#inspect} without downloading.</li>
 * </ul>
 *
 * <h2>Running it</h2>
 * The engine uses JDK 25's preview {@code StructuredTaskScope}: run on JDK 25 with
 * {@code --enable-preview}. Every file is written to {@code NAME.part} and renamed into place only
 * when complete and verified; an existing file is never replaced unless
 * {@link io.loomget.Settings.Builder#overwrite(boolean)} says so.
 *
 * <p>Two settings of the JDK's HttpClient are process-wide, and loomget's bound on the heap it uses
 * rests on them: {@code jdk.httpclient.bufsize} (the client's read buffer; loomget wants 64 KiB, half
 * the CPU per byte of the default 16 KiB, or less when a batch of more files at once than the heap
 * has room for at 64 KiB a connection comes first) and {@code jdk.httpclient.connectionPoolSize}
 * (idle connections kept; unbounded by default, loomget keeps one per connection its heap allows).
 * The client reads them once, when its classes load, and they then hold for every client in the JVM.
 * A batch sets each, before its first client, only when nobody has: to choose otherwise, set them
 * yourself ({@code -D} or {@link System#setProperty}) before any HttpClient is built; the heap bound
 * then counts with your buffer, and a larger one leaves room for fewer connections.
 *
 * <p>A third is set only for a proxy whose URL carries a login ({@code http://user:password@proxy:3128}):
 * the JDK leaves a Basic {@code Proxy-Authorization} out of the {@code CONNECT} that opens an https
 * tunnel unless {@code jdk.http.auth.tunneling.disabledSchemes} allows it, so a batch or queue with such
 * a proxy clears that property, unless it is set, before it builds its client. Like the others it then
 * holds for the whole JVM: every {@code HttpClient} and {@code HttpURLConnection} the application makes
 * after it may send Basic logins to proxies for https tunnels too. To keep the JDK's default, set it
 * yourself ({@code -Djdk.http.auth.tunneling.disabledSchemes=Basic}); such a proxy then answers 407
 * to https downloads.
 */
package io.loomget;
