package io.loomget.internal.engine;

import io.loomget.internal.io.PartFile;
import java.nio.file.Path;

/**
 * Where a file's bytes go ({@code target} via its part file) and which of them are still missing;
 * {@code resumed} when the part file is an earlier run's, continued from its resume state.
 */
record FileStorage(Path target, PartFile part, RangePlan plan, boolean resumed) {}
