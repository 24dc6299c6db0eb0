package io.loomget.spark;

import io.loomget.server.RangeServer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class's light local Spark session and range server, started once and stopped after its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnLocalSpark {

    SparkSession spark;
    RangeServer server;

    @BeforeAll
    final void startSparkAndServer() {
        spark = LocalSpark.start(getClass().getSimpleName());
        server = RangeServer.builder().start();
    }

    @AfterAll
    final void stopSparkAndServer() {
        if (spark != null) {
            spark.stop();
        }
        if (server != null) {
            server.close();
        }
    }
}
