package io.loomget.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite skips a test on a developer's machine and fails it in CI. */
class PrerequisitesTest {

    @Test
    void presentPrerequisiteLetsTheTestRun() {
        assertDoesNotThrow(() -> Prerequisites.require("tmux", true, true));
    }

    @Test
    void missingPrerequisiteSkipsTheTestOutsideCi() {
        var skipped = assertThrows(TestAbortedException.class, () -> Prerequisites.require("tmux", false, false));
        assertTrue(skipped.getMessage().contains("tmux"), skipped.getMessage());
    }

    @Test
    void missingPrerequisiteFailsTheTestInCi() {
        var failed = assertThrows(AssertionError.class, () -> Prerequisites.require("tmux", false, true));
        assertTrue(failed.getMessage().contains("tmux") && failed.getMessage().contains("CI=true"), failed.getMessage());
    }

    @Test
    void ciIsTrueInAnyCaseOrOne() {
        assertTrue(Prerequisites.onCi("true"));
        assertTrue(Prerequisites.onCi("TRUE"));
        assertTrue(Prerequisites.onCi("1"));
    }

    @Test
    void ciUnsetOrFalseIsNotCi() {
        assertFalse(Prerequisites.onCi(null));
        assertFalse(Prerequisites.onCi("false"));
        assertFalse(Prerequisites.onCi(""));
    }
}
