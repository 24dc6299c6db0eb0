package io.loomget.internal.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file's digest computed by the system's OpenSSL ({@code libcrypto}), through the JDK's foreign
 * function API.
 *
 * <p>Why: a JVM that compiles with C1 alone (the Spark executors' recommended options) runs the JDK's
 * SHA-2 as plain Java, without the CPU's SHA instructions that only C2 uses: about 125 µs for a
 * 16 KiB file, read included, against about 28 µs here; for big files 130 MB/s a core against
 * libcrypto's 1.5 GB/s and more.
 *
 * <p>Used only where the JVM grants this class's module native access ({@code
 * --enable-native-access=ALL-UNNAMED}, which Spark 4.2's launcher gives every driver and executor), so
 * the JDK never prints its warning about a restricted method; and only when libcrypto loads and
 * {@code -Dloomget.native-digest=false} is not set. Everywhere else {@link #digest} answers null and
 * the caller uses {@link java.security.MessageDigest}.
 */
public final class NativeDigest {

    private NativeDigest() {}

    /** The property that turns this off ({@code false}), for comparisons and as a way out. */
    public static final String PROPERTY = "loomget.native-digest";

    /** Whether {@link #digest} computes digests in this JVM. */
    public static boolean available() {
        return Libcrypto.INSTANCE != null;
    }

    /**
     * The digest of {@code file} under {@code algorithm} (the JDK's name: {@code SHA-256}, {@code SHA-1},
     * {@code SHA-512}, {@code MD5}), or null when libcrypto cannot compute it here (not {@link
     * #available()}, or the algorithm refused, as MD5 is by a FIPS-only OpenSSL).
     */
    public static byte[] digest(String algorithm, Path file) throws IOException {
        try (var running = start(algorithm)) {
            if (running == null) {
                return null;
            }
            try (var channel = FileChannel.open(file, StandardOpenOption.READ); var arena = Arena.ofConfined()) {
                var bytes = arena.allocate(Math.max(1, Math.min(Libcrypto.BUFFER, channel.size()))).asByteBuffer();
                for (int n; (n = channel.read(bytes.clear())) > 0; ) {
                    if (!running.update(bytes.flip())) {
                        return null; // refused by libcrypto: the JDK computes it
                    }
                }
            }
            return running.finish();
        }
    }

    /**
     * A digest under {@code algorithm} fed buffer by buffer, as bytes arrive; null where {@link
     * #digest} would answer null. Its native state is freed by {@link Running#close()}.
     */
    public static Running start(String algorithm) {
        var libcrypto = Libcrypto.INSTANCE;
        return libcrypto == null ? null : libcrypto.start(algorithm);
    }

    /**
     * One digest in progress (libcrypto's {@code EVP_MD_CTX}): not thread-safe; {@link #close()} frees it,
     * and it must be called exactly once, by the owner.
     */
    public static final class Running implements AutoCloseable {

        private final Libcrypto library;
        private MemorySegment context;

        private Running(Libcrypto library, MemorySegment context) {
            this.library = library;
            this.context = context;
        }

        /**
         * Adds the bytes from {@code buffer}'s position to its limit, heap or direct, read-only or not;
         * the buffer's position does not move. False when libcrypto refused them: the digest is then
         * unusable, and the caller computes it another way.
         */
        public boolean update(ByteBuffer buffer) {
            return library.update(live(), MemorySegment.ofBuffer(buffer));
        }

        /**
         * The digest of every byte added, or null when libcrypto refused to give it; the digest cannot
         * be used afterwards, except to close it.
         */
        public byte[] finish() {
            var digest = library.finish(live());
            close();
            return digest;
        }

        private MemorySegment live() {
            if (context == null) {
                throw new IllegalStateException("digest already finished");
            }
            return context;
        }

        @Override
        public void close() {
            if (context != null) {
                library.free(context);
                context = null;
            }
        }
    }

    /** The library's functions, bound once; null when this JVM may not or cannot use it. */
    private static final class Libcrypto {

        static final Libcrypto INSTANCE = load();

        private static final int BUFFER = 64 * 1024;
        private static final int MAX_DIGEST = 64; // EVP_MAX_MD_SIZE

        private final MethodHandle newContext;
        private final MethodHandle freeContext;
        private final MethodHandle init;
        private final MethodHandle update;
        private final MethodHandle finish;
        private final Map<String, MemorySegment> algorithms;

        private Libcrypto(SymbolLookup library) throws Throwable {
            var linker = Linker.nativeLinker();
            newContext = bind(linker, library, "EVP_MD_CTX_new", FunctionDescriptor.of(ValueLayout.ADDRESS));
            freeContext = bind(linker, library, "EVP_MD_CTX_free", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            init = bind(linker, library, "EVP_DigestInit_ex", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            // Critical: a short call that may read the Java heap in place, so a body's heap buffers are
            // hashed without a copy (and without the thread-state transitions of an ordinary downcall).
            update = linker.downcallHandle(library.find("EVP_DigestUpdate").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(true));
            finish = linker.downcallHandle(library.find("EVP_DigestFinal_ex").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                    Linker.Option.critical(true));
            var byName = new HashMap<String, MemorySegment>();
            for (var entry : Map.of("SHA-256", "EVP_sha256", "SHA-1", "EVP_sha1", "SHA-512", "EVP_sha512",
                    "MD5", "EVP_md5").entrySet()) {
                var type = (MemorySegment) bind(linker, library, entry.getValue(), FunctionDescriptor.of(ValueLayout.ADDRESS))
                        .invokeExact();
                if (!type.equals(MemorySegment.NULL)) {
                    byName.put(entry.getKey(), type);
                }
            }
            algorithms = Map.copyOf(byName);
        }

        private static Libcrypto load() {
            if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))
                    || !NativeDigest.class.getModule().isNativeAccessEnabled()) {
                return null;
            }
            // OpenSSL 3, then 1.1 (both have the EVP functions used here); the process keeps it loaded.
            for (var name : List.of("libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so")) {
                try {
                    return new Libcrypto(SymbolLookup.libraryLookup(name, Arena.global()));
                } catch (Throwable e) {
                    // not there, or not usable: the next name, then MessageDigest
                }
            }
            return null;
        }

        private static MethodHandle bind(Linker linker, SymbolLookup library, String function, FunctionDescriptor type) {
            return linker.downcallHandle(library.find(function).orElseThrow(), type);
        }

        /** A new context under {@code algorithm}, or null when libcrypto refuses it. */
        Running start(String algorithm) {
            var type = algorithms.get(algorithm);
            if (type == null) {
                return null;
            }
            try {
                var context = (MemorySegment) newContext.invokeExact();
                if (context.equals(MemorySegment.NULL)) {
                    return null;
                }
                if ((int) init.invokeExact(context, type, MemorySegment.NULL) != 1) {
                    freeContext.invokeExact(context);
                    return null;
                }
                return new Running(this, context);
            } catch (Throwable e) {
                throw unexpected(e);
            }
        }

        boolean update(MemorySegment context, MemorySegment bytes) {
            try {
                return (int) update.invokeExact(context, bytes, bytes.byteSize()) == 1;
            } catch (Throwable e) {
                throw unexpected(e);
            }
        }

        byte[] finish(MemorySegment context) {
            // Into Java arrays (the call is critical): no native allocation per digest.
            var out = new byte[MAX_DIGEST];
            var length = new int[1];
            try {
                if ((int) finish.invokeExact(context, MemorySegment.ofArray(out), MemorySegment.ofArray(length)) != 1) {
                    return null;
                }
            } catch (Throwable e) {
                throw unexpected(e);
            }
            return java.util.Arrays.copyOf(out, length[0]);
        }

        void free(MemorySegment context) {
            try {
                freeContext.invokeExact(context);
            } catch (Throwable e) {
                throw unexpected(e);
            }
        }

        /** invokeExact declares Throwable: what it really throws is unchecked, rethrown as it is. */
        private static RuntimeException unexpected(Throwable e) {
            if (e instanceof RuntimeException r) {
                return r;
            }
            if (e instanceof Error error) {
                throw error;
            }
            return new IllegalStateException("libcrypto call failed", e);
        }
    }
}
