package io.loomget.internal.engine;

import io.loomget.internal.http.Origin;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The URLs one file can be fetched from: where the probe ended (the primary, whose validator is
 * known) and the mirrors. Ranges take them in turn; a source that fails is skipped from then on.
 */
final class Sources {

    private final URI primary;
    private final List<URI> all;
    private final Set<URI> failed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turn = new AtomicInteger();

    Sources(URI primary, List<URI> mirrors) {
        this.primary = primary;
        if (mirrors.isEmpty()) {
            this.all = List.of(primary); // the usual case: one per file, so no list built and copied
            return;
        }
        var list = new ArrayList<URI>();
        list.add(primary);
        mirrors.stream().filter(m -> !m.equals(primary)).forEach(list::add);
        this.all = List.copyOf(list);
    }

    static Sources single(URI uri) {
        return new Sources(uri, List.of());
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
