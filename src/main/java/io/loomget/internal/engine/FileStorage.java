package io.loomget.internal.engine;

import io.loomget.internal.io.Workspace;

/**
 * Where a file's bytes go (its {@link Workspace}) and which of them are still missing ({@code plan}).
 */
record FileStorage(Workspace workspace, RangePlan plan) {}
