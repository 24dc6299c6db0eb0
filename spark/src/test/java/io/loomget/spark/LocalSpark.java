package io.loomget.spark;

import org.apache.spark.sql.SparkSession;

/** A light local SparkSession for one test class, bound to 127.0.0.1 only. */
final class LocalSpark {

    private LocalSpark() {}

    /**
     * {@code local[2,2]}: two task slots, and a failed task is tried once more (the retry tests need
     * that; it changes nothing for tasks that succeed).
     */
    static SparkSession start(String name) {
        return SparkSession.builder()
                .appName(name)
                .master("local[2,2]")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.speculation", "false")
                .getOrCreate();
    }
}
