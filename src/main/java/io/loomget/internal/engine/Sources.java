package io.loomget.internal.engine;

import io.loomget.internal.http.Origin;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The URLs one file can be fetched from: where the probe ended (the primary, whose validator is
 * known) and the mirrors. Ranges take them in turn; a source that fails is skipped from then on.
 * Each knows the URL of the download it stands for, as the user gave it ({@link #given}): what a
 * queue shows as the server in use, however the request went (a redirect, a login added).
 *
 * <p>When the probe was redirected, the primary is the redirect's target, which may stop answering
 * mid-download: signed links (GitHub release assets, S3 and CDN URLs) expire after minutes. Such a
 * primary can be {@linkplain #renew renewed}: ranges go to the URL the probe asked again, which
 * redirects afresh, and the primary becomes wherever that lands ({@link #landed}).
 */
final class Sources {

    /** The URL the probe asked, as sent (with its login); the primary when it was not redirected. */
    private final URI asked;
    /** The download's URL (or mirror) as given that {@link #asked} stands for. */
    private final URI askedGiven;
    private final List<URI> mirrors;
    /** Mirror as sent → as given, where they differ. */
    private final Map<URI, URI> mirrorsGiven;
    private volatile URI primary;
    /** The primary, then the mirrors; rebuilt when the primary changes. */
    private volatile List<URI> all;
    private final Set<URI> failed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turn = new AtomicInteger();

    /** {@code primary} asked and not redirected, as given, and {@code mirrors} as given. */
    Sources(URI primary, List<URI> mirrors) {
        this(primary, primary, primary, mirrors, mirrors);
    }

    /**
     * @param asked        the URL the probe asked, as sent
     * @param askedGiven   that URL as given: the download's own, or the mirror that answered the probe
     * @param primary      where the probe's answer came from (after redirects)
     * @param mirrorsGiven {@code mirrors} as given, in the same order
     */
    Sources(URI asked, URI askedGiven, URI primary, List<URI> mirrors, List<URI> mirrorsGiven) {
        this.asked = asked;
        this.askedGiven = askedGiven;
        this.mirrors = mirrors.stream().filter(m -> !m.equals(primary) && !m.equals(asked)).toList();
        this.mirrorsGiven = mirrors.equals(mirrorsGiven) ? Map.of() : givenWhereTheyDiffer(mirrors, mirrorsGiven);
        setPrimary(primary);
    }

    private static Map<URI, URI> givenWhereTheyDiffer(List<URI> mirrors, List<URI> mirrorsGiven) {
        var given = new HashMap<URI, URI>();
        for (int i = 0; i < mirrors.size(); i++) {
            if (!mirrors.get(i).equals(mirrorsGiven.get(i))) {
                given.putIfAbsent(mirrors.get(i), mirrorsGiven.get(i));
            }
        }
        return Map.copyOf(given);
    }

    /** Only {@code uri}, not redirected. */
    static Sources single(URI uri) {
        return new Sources(uri, List.of());
    }

    private void setPrimary(URI uri) {
        primary = uri;
        if (mirrors.isEmpty()) {
            all = List.of(uri); // the usual case: one per file, so no list built and copied
            return;
        }
        var list = new ArrayList<URI>();
        list.add(uri);
        list.addAll(mirrors);
        all = List.copyOf(list);
    }

    /** The primary alone (a file fetched as one stream), still renewable and knowing the URL it stands for. */
    Sources primaryOnly() {
        return new Sources(asked, askedGiven, primary, List.of(), List.of());
    }

    /** The download's URL that {@code source} stands for, as given: a mirror's own, else the one the probe asked. */
    URI given(URI source) {
        return mirrors.contains(source) ? mirrorsGiven.getOrDefault(source, source) : askedGiven;
    }

    URI primary() {
        return primary;
    }

    /** Whether {@code uri} serves the probed version: the primary, or the URL the probe asked, which leads to it. */
    boolean isPrimary(URI uri) {
        return primary.equals(uri) || asked.equals(uri);
    }

    /** The next source that has not failed; the primary when all have. */
    URI pick() {
        var sources = all;
        for (int i = 0; i < sources.size(); i++) {
            var candidate = sources.get(Math.floorMod(turn.getAndIncrement(), sources.size()));
            if (!failed.contains(candidate)) {
                return candidate;
            }
        }
        return primary;
    }

    /** Skips {@code source} from now on; true when another source is left to try instead. */
    boolean fail(URI source) {
        var sources = all;
        if (sources.size() == 1) {
            return false;
        }
        failed.add(source);
        return sources.stream().anyMatch(u -> !failed.contains(u));
    }

    /**
     * {@code source}, a redirect's target, refused a range for good (400, 401, 403, 404, 410: an expired link
     * looks so): from now on ranges ask the URL the probe asked, which redirects afresh. True when that is
     * worth a try: {@code source} was this or an earlier redirect's target, not that URL or a mirror.
     */
    synchronized boolean renew(URI source) {
        if (source.equals(asked) || mirrors.contains(source)) {
            return false;
        }
        if (source.equals(primary)) {
            setPrimary(asked);
        }
        return true; // or another range renewed it already
    }

    /** An answer to {@code request} came from {@code landedAt}: after a {@linkplain #renew renewal}, the new primary. */
    synchronized void landed(URI request, URI landedAt) {
        if (request.equals(asked) && primary.equals(asked)) {
            setPrimary(withCredentials(asked, landedAt));
        }
    }

    /**
     * Where a file's ranges go: the final URL. It lost the {@code user:password@} of {@code original}
     * (the client sends that as a header); ranges from the same origin need it again, ranges from
     * elsewhere after a redirect must not get it.
     */
    static URI withCredentials(URI original, URI finalUri) {
        var userInfo = original.getRawUserInfo();
        if (userInfo == null || finalUri.getRawUserInfo() != null || !Origin.same(original, finalUri)) {
            return finalUri;
        }
        return URI.create(finalUri.getScheme() + "://" + userInfo + "@" + finalUri.getRawAuthority()
                + Objects.requireNonNullElse(finalUri.getRawPath(), "")
                + (finalUri.getRawQuery() == null ? "" : "?" + finalUri.getRawQuery()));
    }
}
