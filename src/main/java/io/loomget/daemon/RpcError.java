package io.loomget.daemon;

/**
 * An error answer: aria2's code ({@code 1} for anything a method refuses, JSON-RPC's negative codes
 * for the envelope) and its message, word for word as aria2 says it.
 */
final class RpcError extends RuntimeException {

    static final int FAILED = 1;
    static final int PARSE = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;
    /** JSON-RPC's range for server errors: the daemon's {@link MemoryBudget} is spent (aria2 has no such error). */
    static final int BUSY = -32000;

    final int code;
    /** Why, in loomget's words, for its own log (an input file's entry skipped); never sent: clients get aria2's message. */
    final String detail;

    RpcError(int code, String message) {
        this(code, message, null);
    }

    private RpcError(int code, String message, String detail) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    /** This error with {@code detail} for loomget's own log. */
    RpcError withDetail(String detail) {
        return new RpcError(code, getMessage(), detail);
    }

    static RpcError of(String message) {
        return new RpcError(FAILED, message);
    }

    static RpcError parse() {
        return new RpcError(PARSE, "Parse error.");
    }

    static RpcError invalidRequest() {
        return new RpcError(INVALID_REQUEST, "Invalid Request.");
    }

    static RpcError invalidParams() {
        return new RpcError(INVALID_PARAMS, "Invalid params.");
    }

    static RpcError busy() {
        return new RpcError(BUSY, "Busy: the daemon is answering too many large requests at once; try again.");
    }

    boolean isBusy() {
        return code == BUSY;
    }

    /** The HTTP status aria2 gives a single answer with this error (503 for busy, which aria2 has not). */
    int httpStatus() {
        return code == BUSY ? 503 : code == PARSE || code == INVALID_PARAMS ? 500 : 400;
    }

    /** The {@code error} member of an answer: {@code {"code":1,"message":"…"}}. */
    java.util.Map<String, Object> toStruct() {
        var error = new java.util.LinkedHashMap<String, Object>();
        error.put("code", (long) code);
        error.put("message", getMessage());
        return error;
    }
}
