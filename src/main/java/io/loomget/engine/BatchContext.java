package io.loomget.engine;

import io.loomget.events.DownloadListener;
import io.loomget.http.Transport;
import io.loomget.io.TargetRegistry;
import java.util.concurrent.ThreadFactory;

/** What all files of a batch share: the HTTP client, the limits, the names handed out, the threads, the listener. */
record BatchContext(Settings settings, Transport transport, HostLimiter hosts, RateLimiter rate,
                    TargetRegistry targets, ThreadFactory threads, DownloadListener listener) {}
