package io.loomget.testsupport;

import io.loomget.DownloadEvent;
import io.loomget.DownloadListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every engine event, from whichever thread, for assertions after the batch returned. */
public final class RecordingListener implements DownloadListener {

    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void on(DownloadEvent event) {
        events.add(event);
    }

    public List<DownloadEvent> events() {
        return List.copyOf(events);
    }

    public <T extends DownloadEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
