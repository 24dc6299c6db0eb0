package io.loomget.spark;

import java.io.Serializable;

/**
 * What one successful download task did, and on which executor: the job's spread of work.
 *
 * @param executor Spark's executor id ({@code driver} in local mode)
 * @param millis   the task's time from its first URL to its last outcome
 */
public record TaskStat(String executor, int partition, long urls, long millis) implements Serializable {}
