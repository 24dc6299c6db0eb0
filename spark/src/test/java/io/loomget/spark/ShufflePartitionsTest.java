package io.loomget.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many shuffle partitions the job's own queries get when the user did not set them (no Spark). */
class ShufflePartitionsTest {

    @Test
    void aSmallListGetsTwoPerTaskSlotInsteadOfSparksTwoHundred() {
        assertEquals(4, DownloadJob.shufflePartitions(2, 400_000));
    }

    @Test
    void aLargeListGetsOnePer64MiBWhenThatIsMoreThanTwoPerSlot() {
        assertEquals(160, DownloadJob.shufflePartitions(8, 10L << 30));
    }
}
