package io.loomget;

/** loomget's version, as the jar's manifest states it. */
public final class Version {
    public static final String NUMBER = java.util.Objects.requireNonNullElse(
            Version.class.getPackage().getImplementationVersion(), "dev");

    private Version() {}
}
