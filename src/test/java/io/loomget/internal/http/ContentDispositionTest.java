package io.loomget.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6266 / RFC 8187 file names, returned raw: sanitizing is {@code FileNames}' job. */
class ContentDispositionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            attachment; filename="report.pdf"                        | report.pdf
            attachment; filename=report.pdf                          | report.pdf
            inline; filename="a b.txt"                               | a b.txt
            attachment;filename="tight.txt"                          | tight.txt
            attachment; filename = "spaced.txt"                      | spaced.txt
            ATTACHMENT; FILENAME="upper.txt"                         | upper.txt
            attachment; filename="semi;colon.txt"                    | semi;colon.txt
            attachment; filename="quote\\"d.txt"                     | quote"d.txt
            attachment; filename="back\\\\slash.txt"                 | back\\slash.txt
            attachment; filename="../../etc/passwd"                  | ../../etc/passwd
            attachment; foo="filename=evil.txt"; filename="good.txt" | good.txt
            """)
    void plainFilename(String header, String expected) {
        assertEquals(Optional.of(expected), ContentDisposition.filename(header));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            attachment; filename*=UTF-8''%E2%82%AC%20rates.txt                  | € rates.txt
            attachment; filename*=utf-8'en'na%C3%AFve.txt                       | naïve.txt
            attachment; filename*=ISO-8859-1''%A3%20rates.txt                   | £ rates.txt
            attachment; filename*=UTF-8''..%2F..%2Fevil.txt                     | ../../evil.txt
            attachment; filename="fallback.txt"; filename*=UTF-8''%E2%82%AC.txt | €.txt
            attachment; filename*=UTF-8''%E2%82%AC.txt; filename="fallback.txt" | €.txt
            attachment; filename*=UTF-8''plain.txt                              | plain.txt
            """)
    void extendedFilenameIsDecodedAndWins(String header, String expected) {
        assertEquals(Optional.of(expected), ContentDisposition.filename(header));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "attachment; filename*=bogus-charset''x.txt; filename=\"fallback.txt\"",
        "attachment; filename*=UTF-8''bad%ZZ.txt; filename=\"fallback.txt\"",
        "attachment; filename*=UTF-8''truncated%4; filename=\"fallback.txt\"",
        "attachment; filename*=no-quotes.txt; filename=\"fallback.txt\"",
    })
    void brokenExtendedFilenameFallsBackToThePlainOne(String header) {
        assertEquals(Optional.of("fallback.txt"), ContentDisposition.filename(header));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "attachment", "inline", "attachment; filename=\"\"", "attachment; filename=",
        "attachment; name=\"field\"", "attachment; filename*=bogus''x.txt"})
    void noUsableNameIsEmpty(String header) {
        assertEquals(Optional.empty(), ContentDisposition.filename(header));
    }

    @Test
    void percentEncodedControlCharactersAreDecodedForTheSanitizerToRemove() {
        assertEquals(Optional.of("a\u0000b\n.txt"), ContentDisposition.filename("attachment; filename*=UTF-8''a%00b%0A.txt"));
    }
}
