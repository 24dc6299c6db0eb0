package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One origin rule for credentials after redirects and for connection caps (RFC 6454). */
class OriginTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "https://u:p@Host/x,     https://host:443/y,  true",
        "http://example.org/a,   http://example.org:80/b, true",
        "http://example.org/a,   https://example.org/a, false",
        "http://example.org:8080/a, http://example.org/a, false",
        "https://a.example/x,    https://b.example/x, false"})
    void originsCompareHostsWithoutCaseAndMissingPortsAsTheDefault(String a, String b, boolean same) {
        assertEquals(same, Origin.same(URI.create(a.strip()), URI.create(b.strip())));
    }

    @org.junit.jupiter.api.Test
    void oneOriginIsOneMapKey() {
        var counts = new java.util.HashMap<Origin, Integer>();
        for (var url : java.util.List.of("https://Host/x", "https://host:443/y", "https://u@HOST/z", "http://host/x")) {
            counts.merge(Origin.of(URI.create(url)), 1, Integer::sum);
        }
        assertEquals(java.util.Map.of(new Origin("https", "host", 443), 3, new Origin("http", "host", 80), 1), counts);
    }
}
