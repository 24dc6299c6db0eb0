package io.loomget.cli;


/** The launcher's entry point. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // The HttpClient reads with 16 KiB buffers by default; larger ones halve its CPU per byte.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", String.valueOf(64 * 1024));
        }
        System.exit(LoomgetCommand.commandLine().execute(args));
    }
}
