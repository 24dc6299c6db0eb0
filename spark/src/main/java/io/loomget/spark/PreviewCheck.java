package io.loomget.spark;

import io.loomget.Version;

/**
 * loomget's engine is compiled for JDK 25 with preview features: a JVM without
 * {@code --enable-preview} (or another feature release) refuses its classes late, at first use, deep
 * in a task. This check runs first on the driver and in every task and says what to change.
 */
final class PreviewCheck {

    private PreviewCheck() {}

    /** Throws IllegalStateException with the fix when this JVM cannot load loomget's classes. */
    static void require(String where) {
        int feature = Runtime.version().feature();
        if (feature != 25) {
            throw new IllegalStateException("loomget needs JDK 25 on the " + where + ", this JVM is "
                    + Runtime.version() + " (set JAVA_HOME, or spark.executorEnv.JAVA_HOME for executors)");
        }
        try {
            Version.requireRuntime();
        } catch (UnsupportedClassVersionError e) {
            throw new IllegalStateException("loomget needs --enable-preview on the " + where
                    + " (spark-submit --driver-java-options --enable-preview"
                    + " --conf spark.executor.extraJavaOptions=--enable-preview): " + e.getMessage(), e);
        }
    }
}
