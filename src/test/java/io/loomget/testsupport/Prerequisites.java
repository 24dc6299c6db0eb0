package io.loomget.testsupport;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (root for a tmpfs, nginx and its echo module, tmux, bash).
 * Missing on a developer's machine: the test is skipped, saying what to install. Missing under
 * {@code CI=true}: the test fails, because CI installs everything (see {@code .ci/run}) and a
 * skipped test there would pass without having run.
 */
public final class Prerequisites {

    private Prerequisites() {}

    /** Returns when {@code present}; otherwise skips the test, or fails it under {@code CI=true}. */
    public static void require(String what, boolean present) {
        require(what, present, onCi(System.getenv("CI")));
    }

    /** {@link #require(String, boolean)} with the CI decision given, for testing it. */
    public static void require(String what, boolean present, boolean ci) {
        if (present) {
            return;
        }
        if (ci) {
            throw new AssertionError(what + " is missing; CI=true: CI must provide it, so this fails instead of skipping");
        }
        Assumptions.abort(what + " is missing: skipped here (under CI=true this fails)");
    }

    /** Whether the {@code CI} variable says this is a CI run ({@code true} in any case, or {@code 1}). */
    public static boolean onCi(String ciVariable) {
        return ciVariable != null && (ciVariable.strip().equalsIgnoreCase("true") || ciVariable.strip().equals("1"));
    }
}
