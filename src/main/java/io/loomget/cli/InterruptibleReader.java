package io.loomget.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.concurrent.SynchronousQueue;

/**
 * A stream (stdin, a pipe) read so that an interrupt ends the wait for its next bytes: a read blocked
 * on stdin ignores interrupts, so a daemon thread of its own reads, and hands each chunk over as the
 * reader asks for it (at most two chunks held). A first Ctrl-C then stops a run that is waiting for
 * its next line of input, as it stops one that is downloading.
 */
final class InterruptibleReader extends Reader {

    private static final int CHUNK = 8192;
    private static final char[] END = new char[0];

    private final Reader source;
    /** Hands over a char[] chunk, {@link #END}, or the IOException that ended the reading. */
    private final SynchronousQueue<Object> handoff = new SynchronousQueue<>();
    private final Thread pump;
    private char[] chunk;
    private int position;

    InterruptibleReader(Reader source) {
        this.source = source;
        this.pump = Thread.ofPlatform().daemon().name("loomget-input").start(this::pump);
    }

    private void pump() {
        try {
            Object last = END;
            try {
                var buffer = new char[CHUNK];
                for (int n; (n = source.read(buffer)) >= 0; ) {
                    if (n > 0) {
                        handoff.put(Arrays.copyOf(buffer, n));
                    }
                }
            } catch (IOException e) {
                last = e;
            }
            handoff.put(last);
        } catch (InterruptedException closed) {
            // nobody reads any more
        }
    }

    @Override
    public int read(char[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (chunk == END) {
            return -1;
        }
        if (chunk == null || position == chunk.length) {
            Object next;
            try {
                next = handoff.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for input");
            }
            if (next instanceof IOException e) {
                chunk = END;
                throw new IOException(e.getMessage(), e);
            }
            chunk = (char[]) next;
            position = 0;
            if (chunk == END) {
                return -1;
            }
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, into, offset, n);
        position += n;
        return n;
    }

    /** Stops handing over; a read the daemon thread is blocked in ends with the process. */
    @Override
    public void close() {
        pump.interrupt();
    }
}
