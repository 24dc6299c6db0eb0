package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.internal.http.BodyChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK client's process-wide properties: loomget's values where nobody chose, the application's where it did. */
class ClientPropertiesTest {

    private static final long HEAP = 48L << 20;
    private String bufferSize;
    private String poolSize;

    @BeforeEach
    void saveAndClear() {
        bufferSize = System.clearProperty(ClientProperties.BUFFER_SIZE);
        poolSize = System.clearProperty(ClientProperties.POOL_SIZE);
    }

    @AfterEach
    void restore() {
        restore(ClientProperties.BUFFER_SIZE, bufferSize);
        restore(ClientProperties.POOL_SIZE, poolSize);
    }

    @Test
    void propertiesNobodySetGetLoomgetsValues() {
        ClientProperties.setDefaults(HEAP);

        assertEquals(String.valueOf(BodyChunks.BUFFER_SIZE), System.getProperty(ClientProperties.BUFFER_SIZE));
        assertEquals(String.valueOf(HostLimiter.poolSize(HEAP)), System.getProperty(ClientProperties.POOL_SIZE));
    }

    @Test
    void anApplicationsOwnValuesStand() {
        System.setProperty(ClientProperties.BUFFER_SIZE, "32768");
        System.setProperty(ClientProperties.POOL_SIZE, "3");

        ClientProperties.setDefaults(HEAP);

        assertEquals("32768", System.getProperty(ClientProperties.BUFFER_SIZE));
        assertEquals("3", System.getProperty(ClientProperties.POOL_SIZE));
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
