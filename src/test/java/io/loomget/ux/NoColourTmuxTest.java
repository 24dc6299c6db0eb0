package io.loomget.ux;

import static io.loomget.ux.TmuxRecorder.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --no-color} and {@code NO_COLOR} keep the live view and drop its colours. */
class NoColourTmuxTest extends AgainstTmux {

    static Stream<Arguments> waysToTurnColourOff() {
        return Stream.of(
                Arguments.of("the --no-color option", "no-color-option", Map.of(), List.of("--no-color")),
                Arguments.of("the NO_COLOR environment variable", "no-color-env", Map.of("NO_COLOR", "1"), List.of()));
    }

    @ParameterizedTest(name = "{0} writes no colour codes")
    @MethodSource("waysToTurnColourOff")
    void noColourCodesAreWrittenWhenColourIsTurnedOff(String how, String run, Map<String, String> env, List<String> options)
            throws Exception {
        var recording = record(run, env, options, false, SMALL_NAME);

        assertEquals(0, recording.exitStatus(), () -> String.join("\n", recording.finalScreen()));
        assertTrue(recording.raw().contains(HIDE_CURSOR) && recording.raw().contains("Total"),
                "no live view drawn:\n" + visible(recording.raw()));
        assertFalse(COLOUR.matcher(recording.raw()).find(), () -> visible(recording.raw()));
    }
}
