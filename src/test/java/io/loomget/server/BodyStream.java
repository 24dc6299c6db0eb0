package io.loomget.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The response body as seen by content writers: counts bytes and applies the injected faults
 * (cut, stall, throttle). {@link #close()} does nothing; the exchange owns the real stream.
 */
final class BodyStream extends OutputStream {

    private final OutputStream out;
    private final long declaredLength; // -1 when chunked: the end is only known at close
    private final long cutAfter;       // -1 = never
    private final long stallAfter;     // -1 = never
    private final long bytesPerSecond; // 0 = unthrottled
    private final long throttleAfter;  // bytes sent at full speed before the throttle starts
    private final int slice;
    private final StopSignal stop;
    private final Traffic.Call call;
    /** When the throttle started: its pacing counts from here. */
    private long throttleStartNanos = System.nanoTime();
    private long written;

    BodyStream(OutputStream out, long declaredLength, long cutAfter, long stallAfter, long bytesPerSecond,
               long throttleAfter, StopSignal stop, Traffic.Call call) {
        this.out = out;
        this.declaredLength = declaredLength;
        this.cutAfter = cutAfter;
        this.stallAfter = stallAfter;
        this.bytesPerSecond = bytesPerSecond;
        this.throttleAfter = throttleAfter;
        // About 50 writes a second keeps a throttled stream smooth without busy syscalls.
        this.slice = Math.clamp(bytesPerSecond / 50, 512, 64 * 1024);
        this.stop = stop;
        this.call = call;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (written == cutAfter) {
                out.flush(); // the client gets exactly the promised prefix, then the connection drops
                throw new ConnectionCut("body cut after " + written + " bytes");
            }
            if (written == stallAfter) {
                out.flush();
                stop.parkUntilStopped();
            }
            int n = len;
            if (cutAfter > written) {
                n = (int) Math.min(n, cutAfter - written);
            }
            if (stallAfter > written) {
                n = (int) Math.min(n, stallAfter - written);
            }
            boolean throttled = bytesPerSecond > 0 && written >= throttleAfter;
            if (throttled) {
                if (written == throttleAfter && written > 0) {
                    out.flush(); // the full-speed part goes out whole before the trickle starts
                    throttleStartNanos = System.nanoTime();
                }
                n = Math.min(n, slice);
                stop.pause(throttleStartNanos + (long) ((written - throttleAfter) * 1e9 / bytesPerSecond)
                        - System.nanoTime());
            } else if (bytesPerSecond > 0) {
                n = (int) Math.min(n, throttleAfter - written);
            }
            boolean last = declaredLength >= 0 && written + n == declaredLength;
            if (last && n > 1) {
                n--; // the final byte goes alone, after the statistics are complete
                last = false;
            }
            if (last) {
                call.sent(n);
                call.finish();
                out.write(b, off, n);
            } else {
                out.write(b, off, n);
                call.sent(n); // counted once the connection took it, so a failed write is not
            }
            written += n;
            if (throttled) {
                out.flush(); // otherwise the JDK's 8 KiB buffer turns the pacing into bursts
            }
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        // The exchange closes the real stream, and only when the response completed normally.
    }
}
