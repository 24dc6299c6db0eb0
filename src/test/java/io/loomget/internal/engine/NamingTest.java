package io.loomget.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomget.Batch;
import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import io.loomget.DownloadRequest;
import io.loomget.FileResult;
import io.loomget.Settings;
import io.loomget.internal.io.PartFile;
import io.loomget.internal.io.Storage;
import io.loomget.server.Behaviour;
import io.loomget.server.Content;
import io.loomget.server.RangeServer;
import io.loomget.testsupport.Dirs;
import io.loomget.testsupport.RangeServerExtension;
import io.loomget.testsupport.Sha256;
import io.loomget.testsupport.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a download lands: always a single safe name inside the output directory, whatever the
 * server suggests, and never on top of a file that is already there.
 */
@ExtendWith(RangeServerExtension.class)
@Timeout(60)
class NamingTest {

    private static final Content CONTENT = Content.generated(5_000, 8);

    @TempDir
    Path root;

    private Path out;
    private RangeServer server;

    @BeforeEach
    void startServer(RangeServer server) {
        out = root.resolve("out");
        this.server = server;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            attachment; filename*=UTF-8''..%2F..%2Fevil.txt    | evil.txt
            attachment; filename="../../x"                     | x
            attachment; filename="..\\\\..\\\\win.txt"         | win.txt
            attachment; filename=C:\\temp\\drive.txt           | drive.txt
            attachment; filename*=UTF-8''a%00b%07c%0D%0Ad.txt  | abcd.txt
            attachment; filename="CON"                         | _CON
            attachment; filename="nul.tar.gz"                  | _nul.tar.gz
            attachment; filename=".."                          | download
            attachment; filename*=UTF-8''..%2F                 | download
            attachment; filename=" . "                         | download
            attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf | € rates.pdf
            """)
    void contentDispositionNameIsSanitizedIntoTheOutputDirectory(String header, String expected) {
        serve("/download", Behaviour.builder().contentDisposition(header).build());

        var downloaded = download("/download");

        assertEquals(out.resolve(expected), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of("out"), Dirs.names(root), "nothing written outside the output directory");
        assertEquals(List.of(expected), Dirs.names(out));
    }

    @Test
    void veryLongSuggestedNameIsCutToFitKeepingItsExtension() {
        var longName = "a".repeat(400) + ".iso";
        serve("/download", Behaviour.builder().contentDisposition("attachment; filename=\"" + longName + "\"").build());

        var downloaded = download("/download");

        var name = downloaded.path().getFileName().toString();
        assertEquals(out, downloaded.path().getParent());
        assertTrue(name.endsWith(".iso") && name.startsWith("aaaa"), name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length + ".part".length() <= 255, "fits with .part: " + name.length());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # behaviour                                   | URL path asked for           | where the file is            | saved as
            URL path's last segment is percent-decoded    | /files/my report (final).pdf | /files/my report (final).pdf | my report (final).pdf
            redirected URL is named after where it landed | /latest                      | /files/real-name.iso         | real-name.iso
            URL ending in a slash is saved as index.html  | /docs/                       | /docs/                       | index.html
            """)
    void urlIsNamedAfterTheLastSegmentOfWhereItLanded(String behaviour, String asked, String landed, String savedAs) {
        server.add(landed, CONTENT);
        if (!asked.equals(landed)) {
            server.behave(asked, Behaviour.builder().redirectTo(landed).build());
        }

        var downloaded = download(asked); // asked percent-encoded: my%20report%20(final).pdf

        assertEquals(out.resolve(savedAs), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
    }

    @Test
    void outNameAskedForIsSanitizedToo() {
        serve("/data.bin", Behaviour.NORMAL);
        var request = DownloadRequest.of(server.uri("/data.bin")).withOutName("../../escape.bin");

        var results = new Batch(settings(false), DownloadListener.NONE).run(List.of(request));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
        assertEquals(out.resolve("escape.bin"), downloaded.path());
        assertEquals(List.of("out"), Dirs.names(root));
    }

    @Test
    void existingFileIsKeptAndTheDownloadSavedAsNameDot1() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        Files.writeString(out.resolve("data.bin"), "mine");

        var downloaded = download("/data.bin");

        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals("mine", Files.readString(out.resolve("data.bin")));
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
    }

    @Test
    void existingFileIsReplacedWithOverwrite() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        Files.writeString(out.resolve("data.bin"), "mine");

        var results = new Batch(settings(true), DownloadListener.NONE)
                .run(List.of(DownloadRequest.of(server.uri("/data.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
        assertEquals(out.resolve("data.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(out.resolve("data.bin")));
        assertEquals(List.of("data.bin"), Dirs.names(out));
    }

    @Test
    void overwriteNeverReplacesADirectoryAndSavesUnderTheNextName() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out.resolve("data.bin"));
        Files.writeString(out.resolve("data.bin/inside.txt"), "mine");
        var notices = new CopyOnWriteArrayList<String>();
        DownloadListener listener = event -> {
            if (event instanceof DownloadEvent.Notice notice) {
                notices.add(notice.message());
            }
        };

        var results = new Batch(settings(true), listener).run(List.of(DownloadRequest.of(server.uri("/data.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals("mine", Files.readString(out.resolve("data.bin/inside.txt")));
        assertEquals(List.of("data.1.bin", "data.bin"), Dirs.names(out), "no part file left behind");
        assertEquals(List.of("data.bin is a directory; saved as data.1.bin"), notices);
    }

    @Test
    void twoUrlsWithTheSameNameInOneBatchBothSurvive() {
        var first = Content.generated(70_000, 1);
        var second = Content.generated(90_000, 2);
        server.add("/a/data.bin", first).add("/b/data.bin", second);

        var results = new Batch(settings(false), DownloadListener.NONE).run(List.of(
                DownloadRequest.of(server.uri("/a/data.bin")), DownloadRequest.of(server.uri("/b/data.bin"))));

        var a = assertInstanceOf(FileResult.Downloaded.class, results.get(0));
        var b = assertInstanceOf(FileResult.Downloaded.class, results.get(1));
        assertEquals(Set.of("data.bin", "data.1.bin"),
                Set.of(a.path().getFileName().toString(), b.path().getFileName().toString()));
        assertEquals(first.sha256Hex(), Sha256.of(a.path()));
        assertEquals(second.sha256Hex(), Sha256.of(b.path()));
        assertEquals(List.of("data.1.bin", "data.bin"), Dirs.names(out));
    }

    @Test
    void aPartFileLeftUnderTheNameIsNotTouchedAndTheDownloadSavedAsNameDot1() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        Files.writeString(out.resolve("data.bin.part"), "an earlier run's");

        var downloaded = download("/data.bin");

        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals("an earlier run's", Files.readString(out.resolve("data.bin.part")));
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
    }

    @Test
    void aPartFileAnotherProcessCreatesUnderTheNameJustBeforeUsIsNotWrittenInto() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);

        var downloaded = downloadWhileAnotherProcessCreates("data.bin");

        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals("another process's", Files.readString(out.resolve("data.bin.part")));
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals(List.of("data.1.bin", "data.bin.part"), Dirs.names(out));
    }

    @Test
    void aPartFileAnotherProcessCreatesUnderTheNextNameMakesTheDownloadTakeTheNumberAfterIt() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        Files.writeString(out.resolve("data.bin"), "mine");

        var downloaded = downloadWhileAnotherProcessCreates("data.1.bin");

        assertEquals(out.resolve("data.2.bin"), downloaded.path());
        assertEquals(List.of("data.1.bin.part", "data.2.bin", "data.bin"), Dirs.names(out));
    }

    @Test
    void continueLeavesAPartFileWithoutStateThatChangedSinceTheRunStarted() throws Exception {
        // Another run's file that comes whole in its first answer: it takes no lock and writes no state, and
        // removed, that run would give its final name to the part file created here instead.
        serve("/data.bin", Behaviour.NORMAL);
        var notices = new CopyOnWriteArrayList<String>();
        DownloadListener listener = event -> {
            if (event instanceof DownloadEvent.Notice notice) {
                notices.add(notice.message());
            }
        };
        Storage racing = new Storage() {
            @Override
            public PartFile create(Path target, long size) throws IOException {
                var part = PartFile.pathFor(target);
                if (target.getFileName().toString().equals("data.bin") && !Files.exists(part)) {
                    // After the run started, as the file system's coarse clock tells it (up to a tick behind).
                    var now = Instant.now();
                    do {
                        Files.writeString(part, "another run's");
                    } while (Files.getLastModifiedTime(part).toInstant().isBefore(now));
                }
                return Storage.DISK.create(target, size);
            }

            @Override
            public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
                return Storage.DISK.existing(target, size, writtenEnd);
            }
        };
        var settings = TestSettings.into(out).minSplitSize(CONTENT.size()).resume(true).build(); // one answer

        var results = new BatchRun(settings, listener,
                s -> new io.loomget.internal.http.JdkTransport(BatchRun.transportOptions(s)), racing)
                .run(List.of(DownloadRequest.of(server.uri("/data.bin"))));

        var downloaded = assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertEquals("another run's", Files.readString(out.resolve("data.bin.part")));
        assertEquals(List.of("data.bin.part is being written by another run (changed since this run started);"
                + " saving under a new name"), notices);
    }

    /** Downloads /data.bin while another process creates {@code name}'s part file just before we create it. */
    private FileResult.Downloaded downloadWhileAnotherProcessCreates(String name) {
        Storage racing = new Storage() {
            @Override
            public PartFile create(Path target, long size) throws IOException {
                if (target.getFileName().toString().equals(name)) {
                    Files.writeString(PartFile.pathFor(target), "another process's");
                }
                return Storage.DISK.create(target, size);
            }

            @Override
            public Optional<PartFile> existing(Path target, long size, long writtenEnd) throws IOException {
                return Storage.DISK.existing(target, size, writtenEnd);
            }
        };
        var results = new BatchRun(settings(false), DownloadListener.NONE,
                s -> new io.loomget.internal.http.JdkTransport(BatchRun.transportOptions(s)), racing)
                .run(List.of(DownloadRequest.of(server.uri("/data.bin"))));
        return assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
    }

    @Test
    void aLinkUnderThePartFilesNameIsNeverFollowed() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        var outside = root.resolve("outside.txt");
        Files.createSymbolicLink(out.resolve("data.bin.part"), outside); // dangling: creating through it would write outside

        var downloaded = download("/data.bin");

        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertFalse(Files.exists(outside), "a file was created through the link, outside the output directory");
    }

    @Test
    void aDanglingLinkUnderTheFinalNameIsNeverReplacedNorWrittenThrough() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        var outside = root.resolve("outside.txt");
        Files.createSymbolicLink(out.resolve("data.bin"), outside);
        var notices = new CopyOnWriteArrayList<String>();
        DownloadListener listener = event -> {
            if (event instanceof DownloadEvent.Notice notice) {
                notices.add(notice.message());
            }
        };

        var downloaded = download("/data.bin", listener);

        assertEquals(out.resolve("data.1.bin"), downloaded.path());
        assertEquals(List.of("data.bin is a link; saved as data.1.bin"), notices);
        assertTrue(Files.isSymbolicLink(out.resolve("data.bin")), "the link was replaced");
        assertFalse(Files.exists(outside), "a file was created through the link, outside the output directory");
    }

    @Test
    void danglingLinksUnderSeveralNumberedNamesAreAllPassedOver() throws Exception {
        serve("/data.bin", Behaviour.NORMAL);
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("data.bin"), root.resolve("outside-0.txt"));
        Files.createSymbolicLink(out.resolve("data.1.bin"), root.resolve("outside-1.txt"));

        var downloaded = download("/data.bin");

        assertEquals(out.resolve("data.2.bin"), downloaded.path());
        assertEquals(CONTENT.sha256Hex(), Sha256.of(downloaded.path()));
        assertTrue(Files.isSymbolicLink(out.resolve("data.bin")) && Files.isSymbolicLink(out.resolve("data.1.bin")),
                "a link was replaced");
        assertFalse(Files.exists(root.resolve("outside-0.txt")) || Files.exists(root.resolve("outside-1.txt")),
                "a file was created through a link");
    }

    private void serve(String path, Behaviour behaviour) {
        server.add(path, CONTENT).behave(path, behaviour);
    }

    private FileResult.Downloaded download(String path) {
        return download(path, DownloadListener.NONE);
    }

    private FileResult.Downloaded download(String path, DownloadListener listener) {
        var results = new Batch(settings(false), listener).run(List.of(DownloadRequest.of(server.uri(path))));
        return assertInstanceOf(FileResult.Downloaded.class, results.getFirst());
    }

    private Settings settings(boolean overwrite) {
        return TestSettings.into(out).connectionsPerFile(3).minSplitSize(1000).overwrite(overwrite).build();
    }
}
