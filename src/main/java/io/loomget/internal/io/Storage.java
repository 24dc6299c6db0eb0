package io.loomget.internal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a download's bytes go (aria2's disk adaptor): the part file beside each target. The engine
 * gets its part files here and nowhere else, so a disk that fills up or fails can be put in its
 * place in a test, without a root-only tmpfs.
 */
public interface Storage {

    /** The local file system, one {@code FileChannel} per range. */
    Storage DISK = new Storage() {
        @Override
        public PartFile create(Path target, long size) throws IOException {
            return PartFile.create(target, size);
        }

        @Override
        public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
            return PartFile.existing(target, size, writtenEnd);
        }
    };

    /**
     * The part file of {@code target}, created new and empty (sparse-preallocated to {@code size} when
     * known); {@link java.nio.file.FileAlreadyExistsException} when one is there already.
     */
    PartFile create(Path target, long size) throws IOException;

    /** The part file an earlier run left for {@code target}, when its length fits (see {@link PartFile#existing}). */
    Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException;
}
