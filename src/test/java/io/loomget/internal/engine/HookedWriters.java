package io.loomget.internal.engine;

import io.loomget.internal.io.PartFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The local disk's range writers with a step before every write: a disk that fills up, or one that stalls. */
final class HookedWriters {

    /** Runs before a buffer is written; throwing fails that write. */
    @FunctionalInterface
    interface BeforeWrite {
        void accept(ByteBuffer buffer) throws IOException;
    }

    private HookedWriters() {}

    static PartFile.Writers of(BeforeWrite before) {
        return path -> {
            var disk = PartFile.CHANNELS.open(path);
            return new PartFile.RangeWriter() {
                @Override
                public void write(ByteBuffer buffer, long position) throws IOException {
                    before.accept(buffer);
                    disk.write(buffer, position);
                }

                @Override
                public void close() throws IOException {
                    disk.close();
                }
            };
        };
    }
}
