package io.loomget;

/**
 * A download of a {@link DownloadQueue} changed state: the lifecycle aria2 announces as
 * {@code aria2.onDownloadStart}, {@code …Pause}, {@code …Stop}, {@code …Complete} and {@code …Error}.
 * Each carries only the download's id: read its {@link DownloadQueue#status(long) status} for more.
 */
public sealed interface QueueEvent {

    long gid();

    /** Its bytes start to flow (again, after a resume). */
    record Started(long gid) implements QueueEvent {}

    /** Paused while it was downloading: its part file and state stay for the resume. */
    record Paused(long gid) implements QueueEvent {}

    /** Removed while it was downloading (or after it had started once). */
    record Removed(long gid) implements QueueEvent {}

    /** Complete and verified under its final name (or found already complete). */
    record Completed(long gid) implements QueueEvent {}

    /** Ended for good without the file: not found, refused, or any other failure. */
    record Failed(long gid) implements QueueEvent {}
}
