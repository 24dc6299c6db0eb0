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
 */
final class Sources {

    private final URI primary;
    private final List<URI> all;
    /** Source → the URL as given, where they differ. */
    private final Map<URI, URI> given;
    private final Set<URI> failed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turn = new AtomicInteger();

    Sources(URI primary, List<URI> mirrors) {
        this(primary, primary, mirrors, mirrors);
    }

    /**
     * @param primaryGiven the download's URL (or mirror) that the primary was reached from, as given
     * @param mirrorsGiven {@code mirrors} as given, in the same order
     */
    Sources(URI primary, URI primaryGiven, List<URI> mirrors, List<URI> mirrorsGiven) {
        this.primary = primary;
        this.given = primaryGiven.equals(primary) && mirrors.equals(mirrorsGiven) ? Map.of()
                : givenWhereTheyDiffer(primary, primaryGiven, mirrors, mirrorsGiven);
        if (mirrors.isEmpty()) {
            this.all = List.of(primary); // the usual case: one per file, so no list built and copied
            return;
        }
        var list = new ArrayList<URI>();
        list.add(primary);
        mirrors.stream().filter(m -> !m.equals(primary)).forEach(list::add);
        this.all = List.copyOf(list);
    }

    private static Map<URI, URI> givenWhereTheyDiffer(URI primary, URI primaryGiven, List<URI> mirrors,
                                                      List<URI> mirrorsGiven) {
        var given = new HashMap<URI, URI>();
        if (!primaryGiven.equals(primary)) {
            given.put(primary, primaryGiven);
        }
        for (int i = 0; i < mirrors.size(); i++) {
            if (!mirrors.get(i).equals(mirrorsGiven.get(i))) {
                given.putIfAbsent(mirrors.get(i), mirrorsGiven.get(i));
            }
        }
        return Map.copyOf(given);
    }

    static Sources single(URI uri) {
        return new Sources(uri, List.of());
    }

    /** The primary alone (a file fetched as one stream), still knowing the URL it was reached from. */
    Sources primaryOnly() {
        return new Sources(primary, given(primary), List.of(), List.of());
    }

    /** The download's URL that {@code source} stands for, as given. */
    URI given(URI source) {
        return given.getOrDefault(source, source);
    }

    URI primary() {
        return primary;
    }

    boolean isPrimary(URI uri) {
        return primary.equals(uri);
    }

    /** The next source that has not failed; the primary when all have. */
    URI pick() {
        for (int i = 0; i < all.size(); i++) {
            var candidate = all.get(Math.floorMod(turn.getAndIncrement(), all.size()));
            if (!failed.contains(candidate)) {
                return candidate;
            }
        }
        return primary;
    }

    /** Skips {@code source} from now on; true when another source is left to try instead. */
    boolean fail(URI source) {
        if (all.size() == 1) {
            return false;
        }
        failed.add(source);
        return all.stream().anyMatch(u -> !failed.contains(u));
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
