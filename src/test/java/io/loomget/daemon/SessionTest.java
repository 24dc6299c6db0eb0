package io.loomget.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.testsupport.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** --save-session: what a session file holds, that it is never seen half-written, and that -i brings it back. */
class SessionTest extends OnDaemon {

    private Path session;

    @Override
    RunningDaemon start() {
        session = dir.resolve("session.txt");
        return new RunningDaemon(dir, config(session), RunningDaemon.settings(dir), List.of(), null);
    }

    private static DaemonConfig config(Path session) {
        return new DaemonConfig(0, SECRET, false, false, 2L << 20, false, session, Duration.ZERO);
    }

    @Test
    void saveSessionWritesEachUnfinishedDownloadInAria2sInputFormat() throws Exception {
        var paused = add("/small.bin", Map.of("pause", "true", "out", "kept.bin", "split", "3", "header", List.of("X-A: 1")));
        var done = add("/big.bin", Map.of());
        awaitStatus(done, "complete");
        assertEquals("OK", rpc.call("aria2.saveSession"));
        assertEquals(url("/small.bin") + "\n"
                + " gid=" + paused + "\n"
                + " dir=" + dir.toAbsolutePath() + "\n"
                + " out=kept.bin\n"
                + " split=3\n"
                + " header=X-A: 1\n"
                + " continue=true\n"
                + " pause=true\n", Files.readString(session));
    }

    @Test
    void aDownloadsOwnCaCertificateIsSavedAndRestored(@org.junit.jupiter.api.io.TempDir Path pki) throws Exception {
        var ca = io.loomget.testsupport.LocalCa.create(pki, "session test CA").certificate().toAbsolutePath().toString();
        var gid = add("/small.bin", Map.of("pause", "true", "ca-certificate", ca));
        assertEquals(0, daemon.stop());
        assertTrue(Files.readString(session).contains(" ca-certificate=" + ca + "\n"), Files.readString(session));

        daemon = new RunningDaemon(dir, config(session), RunningDaemon.settings(dir), List.of(), session.toString());
        rpc = daemon.client();
        assertEquals(ca, rpc.struct("aria2.getOption", gid).get("ca-certificate"));
    }

    @Test
    void aReaderNeverSeesAHalfWrittenSession() throws Exception {
        for (int i = 0; i < 20; i++) {
            add("/small.bin", Map.of("pause", "true", "out", "f" + i + ".bin"));
        }
        rpc.call("aria2.saveSession");
        var whole = Files.readString(session);
        var stop = new AtomicBoolean();
        var saver = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                rpc.call("aria2.saveSession");
            }
        });
        try {
            for (int i = 0; i < 200; i++) {
                assertEquals(whole, Files.readString(session), "read " + i);
            }
        } finally {
            stop.set(true);
            saver.join();
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(session), files.filter(f -> f.getFileName().toString().contains("session")).toList(),
                    "no temporary file is left beside it");
        }
    }

    @Test
    void aSessionLineThatIsNotUtf8SkipsItsEntryAloneWithAOneLineWarning() throws Exception {
        // a session edited in a Latin-1 editor: "café" is 63 61 66 E9, not UTF-8
        var edited = dir.resolve("edited.txt");
        Files.write(edited, (url("/small.bin") + "\n out=caf\u00e9.bin\n" + url("/big.bin") + "\n out=kept.bin\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        daemon.stop();
        daemon = new RunningDaemon(dir, config(session), RunningDaemon.settings(dir), List.of(), edited.toString());
        rpc = daemon.client();

        io.loomget.testsupport.Poll.await("kept.bin", Duration.ofSeconds(30), () -> Files.exists(dir.resolve("kept.bin")));
        assertEquals(BIG.sha256Hex(), Sha256.of(dir.resolve("kept.bin")));
        assertEquals(List.of("loomget: " + edited + ":2: not UTF-8 text (save the file as UTF-8); skipped the entry at "
                + edited + ":1 (" + url("/small.bin") + ")"), daemon.errors().lines().toList());
    }

    @Test
    void anEntryTheDaemonRefusesIsSkippedSayingWhichOptionAndWhy() throws Exception {
        var input = dir.resolve("aria2-session.txt");
        var outside = dir.getParent().resolve("elsewhere").toAbsolutePath();
        Files.writeString(input, url("/small.bin") + "\t\n dir=" + outside + "\n" + url("/big.bin") + "\t\n out=kept.bin\n");
        daemon.stop();
        daemon = new RunningDaemon(dir, config(session), RunningDaemon.settings(dir), List.of(), input.toString());
        rpc = daemon.client();

        io.loomget.testsupport.Poll.await("kept.bin", Duration.ofSeconds(30), () -> Files.exists(dir.resolve("kept.bin")));
        assertEquals(List.of("loomget: " + input + ":1: bad option dir=" + outside + ": outside the download directory "
                + dir.toAbsolutePath().normalize() + " (-d; --rpc-allow-any-dir allows any); skipped " + url("/small.bin")),
                daemon.errors().lines().toList());
    }

    @Test
    void aSessionIsSavedOnShutdownAndRestoredWithTheSameGidsAndPauseState() throws Exception {
        var paused = add("/small.bin", Map.of("pause", "true"));
        var running = add("/slow.bin", Map.of());
        awaitSomeBytes(running);
        assertEquals(0, daemon.stop());
        var saved = Files.readString(session);
        assertTrue(saved.contains(" gid=" + running + "\n"), saved);
        assertTrue(Files.exists(dir.resolve("slow.bin.part")), "the part file stays for the next run");

        daemon = new RunningDaemon(dir, config(session), RunningDaemon.settings(dir), List.of(), session.toString());
        rpc = daemon.client();
        assertEquals("paused", status(paused).get("status"));
        awaitStatus(running, "complete");
        assertEquals(SLOW.sha256Hex(), Sha256.of(dir.resolve("slow.bin")));
        assertTrue(Files.notExists(dir.resolve("slow.1.bin")), "continued, not downloaded again under a new name");
    }

    @Test
    void aSessionFileNotWrittenYetIsSaidInWordsAndTheDaemonStartsAnyway() throws Exception {
        daemon.stop();
        var notYet = dir.resolve("first-run-session.txt");

        daemon = new RunningDaemon(dir, config(notYet), RunningDaemon.settings(dir), List.of(), notYet.toString());
        rpc = daemon.client();

        assertEquals("loomget: cannot read input file " + notYet + ": no such file or directory; nothing restored from it",
                daemon.errors().strip());
        assertEquals("OK", rpc.call("aria2.saveSession"), "the daemon serves");
    }
}
