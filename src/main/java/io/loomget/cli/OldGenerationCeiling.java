package io.loomget.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.NotificationEmitter;

/**
 * Keeps a run from touching more heap than it needs. Under the launcher's Serial GC every young
 * collection promotes the network buffers that are in flight at that moment (64 connections keep
 * about as many 64 KiB buffers live as a small eden holds), and Serial lets the old generation grow
 * to its maximum before it collects it: a run of a second touched the whole heap, its pages resident
 * to the end (bench/results/memory.md). So the old generation gets a ceiling: once it holds more
 * than half its maximum, it is collected (a full collection asked for on a virtual thread; the
 * collection's own pause is the same as Serial's), and from then on once it holds
 * {@link #HEADROOM} more than what the last collection left. The maximum heap, and with it the
 * connection slots it is sized for, does not change; when the live data leaves less than the
 * headroom below the maximum, the ceiling steps aside. Installed only under Serial (its
 * "Tenured Gen"); any other collector, which a user may choose, is left alone.
 */
final class OldGenerationCeiling {

    /** What may be promoted between two collections; less means more full collections (~15 ms each). */
    static final long HEADROOM = 8L << 20;
    private static final String SERIAL_OLD_GENERATION = "Tenured Gen";

    private final MemoryPoolMXBean old;
    private final long firstCeiling;
    private final AtomicBoolean collecting = new AtomicBoolean();

    private OldGenerationCeiling(MemoryPoolMXBean old) {
        this.old = old;
        this.firstCeiling = old.getUsage().getMax() / 2;
    }

    /** Sets the ceiling when the JVM runs Serial GC with a bounded heap; otherwise does nothing. */
    static void install() {
        serialOldGeneration().ifPresent(pool -> new OldGenerationCeiling(pool).start());
    }

    /**
     * The next ceiling after a collection left {@code live} bytes in an old generation of at most
     * {@code max}: the first ceiling or {@code live + HEADROOM}, whichever is higher; 0 (none) when
     * that would not be below the maximum.
     */
    static long next(long firstCeiling, long live, long max) {
        long ceiling = Math.max(firstCeiling, live + HEADROOM);
        return ceiling < max ? ceiling : 0;
    }

    private static Optional<MemoryPoolMXBean> serialOldGeneration() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().equals(SERIAL_OLD_GENERATION))
                .filter(p -> p.isUsageThresholdSupported() && p.getUsage().getMax() > 0)
                .findFirst();
    }

    private void start() {
        // The JVM checks a heap pool's threshold after each collection (the old generation grows only
        // then) and notifies once per crossing, on its service thread: the collection runs elsewhere.
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((notification, hb) -> {
            if (notification.getType().equals(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED)
                    && collecting.compareAndSet(false, true)) {
                Thread.ofVirtual().name("loomget-old-generation-ceiling").start(this::collect);
            }
        }, null, null);
        old.setUsageThreshold(firstCeiling);
    }

    private void collect() {
        try {
            System.gc();
            var usage = old.getUsage();
            old.setUsageThreshold(next(firstCeiling, usage.getUsed(), usage.getMax()));
        } finally {
            collecting.set(false);
        }
    }
}
