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

    /** The HTTP status aria2 gives a single answer with this error. */
    int httpStatus() {
        return code == PARSE || code == INVALID_PARAMS ? 500 : 400;
    }

    /** The {@code error} member of an answer: {@code {"code":1,"message":"…"}}. */
    java.util.Map<String, Object> toStruct() {
        var error = new java.util.LinkedHashMap<String, Object>();
        error.put("code", (long) code);
        error.put("message", getMessage());
        return error;
    }
}
