package io.loomget.internal.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
        var libcrypto = Libcrypto.INSTANCE;
        return libcrypto == null ? null : libcrypto.digest(algorithm, file);
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
            update = bind(linker, library, "EVP_DigestUpdate", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            finish = bind(linker, library, "EVP_DigestFinal_ex", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
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

        byte[] digest(String algorithm, Path file) throws IOException {
            var type = algorithms.get(algorithm);
            if (type == null) {
                return null;
            }
            try (var channel = FileChannel.open(file, StandardOpenOption.READ); var arena = Arena.ofConfined()) {
                var buffer = arena.allocate(Math.max(1, Math.min(BUFFER, channel.size())));
                var out = arena.allocate(MAX_DIGEST);
                var length = arena.allocate(ValueLayout.JAVA_INT);
                var context = (MemorySegment) newContext.invokeExact();
                if (context.equals(MemorySegment.NULL)) {
                    return null;
                }
                try {
                    if ((int) init.invokeExact(context, type, MemorySegment.NULL) != 1) {
                        return null;
                    }
                    var bytes = buffer.asByteBuffer();
                    for (int n; (n = channel.read(bytes.clear())) > 0; ) {
                        if ((int) update.invokeExact(context, buffer, (long) n) != 1) {
                            return null;
                        }
                    }
                    if ((int) finish.invokeExact(context, out, length) != 1) {
                        return null;
                    }
                    return out.asSlice(0, length.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE);
                } finally {
                    freeContext.invokeExact(context);
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("libcrypto call failed", e); // invokeExact's checked Throwable: never thrown
            }
        }
    }
}
