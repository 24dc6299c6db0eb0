package io.loomget.internal.engine;

import io.loomget.internal.io.PartFile;
import java.nio.file.Path;

/** Where a file's bytes go ({@code target} via its part file) and which of them are still missing. */
record FileStorage(Path target, PartFile part, RangePlan plan) {}
