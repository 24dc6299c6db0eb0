package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomget.internal.http.BodyChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK client's process-wide properties: loomget's values where nobody chose, the application's where it did. */
class ClientPropertiesTest {

    /** What the launcher's -Xmx48m reports as usable: one survivor space is always empty. */
    private static final long HEAP = 46L << 20;
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
        var cost = ClientProperties.setDefaults(HEAP, 5);

        assertEquals(String.valueOf(BodyChunks.BUFFER_SIZE), System.getProperty(ClientProperties.BUFFER_SIZE));
        assertEquals(new SlotCost(BodyChunks.BUFFER_SIZE), cost);
        assertEquals(String.valueOf(cost.slots(HEAP)), System.getProperty(ClientProperties.POOL_SIZE));
    }

    @Test
    void aRunOfMoreFilesAtOnceThanLargeBuffersLeaveSlotsForGetsSmallerBuffers() {
        assertEquals(64 * 1024, ClientProperties.bufferFor(HEAP, 58), "58 slots of 528 KiB");
        assertEquals(32 * 1024, ClientProperties.bufferFor(HEAP, 64), "91 slots of 336 KiB");
        assertEquals(16 * 1024, ClientProperties.bufferFor(HEAP, 100), "128 slots of 240 KiB");
        assertEquals(16 * 1024, ClientProperties.bufferFor(HEAP, 600), "never below the client's own default");
    }

    @Test
    void wideRunsSetTheSmallerBufferAndGetTheSlotsItAllows() {
        var cost = ClientProperties.setDefaults(HEAP, 256);

        assertEquals("16384", System.getProperty(ClientProperties.BUFFER_SIZE));
        assertEquals(128, cost.slots(HEAP));
    }

    @Test
    void anApplicationsOwnValuesStandAndTheBoundUsesItsBuffer() {
        System.setProperty(ClientProperties.BUFFER_SIZE, "0x8000");
        System.setProperty(ClientProperties.POOL_SIZE, "3");

        var cost = ClientProperties.setDefaults(HEAP, 5);

        assertEquals("0x8000", System.getProperty(ClientProperties.BUFFER_SIZE));
        assertEquals("3", System.getProperty(ClientProperties.POOL_SIZE));
        assertEquals(new SlotCost(32 * 1024), cost, "the client reads the property with Integer.decode");
    }

    @Test
    void aBufferTheClientCannotReadIsBoundedAsItsDefault() {
        System.setProperty(ClientProperties.BUFFER_SIZE, "lots");

        assertEquals(new SlotCost(16 * 1024), ClientProperties.setDefaults(HEAP, 5));
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
