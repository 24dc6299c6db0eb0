package io.loomget;

/** loomget's version, as the jar's manifest states it, and whether this JVM can run its engine. */
public final class Version {
    public static final String NUMBER = java.util.Objects.requireNonNullElse(
            Version.class.getPackage().getImplementationVersion(), "dev");

    /** A class of the engine that uses JDK 25's preview API (structured concurrency). */
    private static final String PREVIEW_CLASS = "io.loomget.internal.engine.Scopes";

    private Version() {}

    /**
     * Checks, before any download starts, that this JVM can run the engine. The engine uses JDK 25's
     * preview API, which a JVM without {@code --enable-preview} (or of another feature release)
     * refuses only at its first use, deep in a download; the Spark job checks its driver and every
     * task with this.
     *
     * @throws UnsupportedClassVersionError when this JVM cannot load the engine's classes
     */
    public static void requireRuntime() {
        try {
            Class.forName(PREVIEW_CLASS, false, Version.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("loomget's jar lacks its engine: " + e.getMessage(), e);
        }
    }
}
