package io.loomget;

/** loomget's version, as the jar's manifest states it, and what it needs of the runtime. */
public final class Version {
    public static final String NUMBER = java.util.Objects.requireNonNullElse(
            Version.class.getPackage().getImplementationVersion(), "dev");

    /**
     * A class of the engine that uses JDK 25's preview API: a JVM without {@code --enable-preview}
     * refuses to load it ({@link UnsupportedClassVersionError}), so loading it early checks a runtime
     * (the Spark job does, on the driver and in every task) before any download starts.
     */
    public static final String PREVIEW_CLASS = "io.loomget.internal.engine.Scopes";

    private Version() {}
}
