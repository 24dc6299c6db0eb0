package io.loomget.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-RPC 2.0 as aria2 speaks it, around a {@link MethodTable}: one request or a batch in, answers
 * out with the {@code id} echoed as it came ({@code id}, {@code jsonrpc}, then {@code result} or
 * {@code error}), and the HTTP status aria2 gives each. The request's {@code jsonrpc} member is not
 * checked (the npm {@code aria2} client sends {@code "json-rpc"}); a request without {@code id} is invalid.
 */
final class Envelope {

    /** An answer's body and the HTTP status it goes with. */
    record Answer(Object body, int status) {}

    private final MethodTable methods;

    Envelope(MethodTable methods) {
        this.methods = methods;
    }

    /** A request body: an object, or a batch (an array: one answer per object in it, HTTP 200). */
    Answer handle(byte[] body) {
        Object request;
        try {
            request = Json.parse(body);
        } catch (IOException e) {
            return error(null, RpcError.parse());
        }
        if (request instanceof List<?> batch) {
            var answers = new ArrayList<>();
            for (var item : batch) {
                if (item instanceof Map<?, ?> one) {
                    answers.add(one(one).body());
                }
            }
            return new Answer(answers, 200);
        }
        if (request instanceof Map<?, ?> one) {
            return one(one);
        }
        return error(null, RpcError.invalidRequest());
    }

    /** A GET request's parts: {@code params} is the base64 of a JSON array, or absent. */
    Answer handle(String method, Object id, String paramsBase64) {
        var request = new LinkedHashMap<String, Object>();
        if (method != null) {
            request.put("method", method);
        }
        if (id != null) {
            request.put("id", id);
        }
        if (paramsBase64 != null) {
            try {
                request.put("params", Json.parse(java.util.Base64.getDecoder().decode(paramsBase64)));
            } catch (IOException | IllegalArgumentException e) {
                return error(id, RpcError.parse());
            }
        }
        return one(request);
    }

    private Answer one(Map<?, ?> request) {
        if (!request.containsKey("id")) {
            return error(null, RpcError.invalidRequest());
        }
        var id = request.get("id");
        if (!(request.get("method") instanceof String method)) {
            return error(id, RpcError.invalidRequest());
        }
        var params = request.containsKey("params") ? request.get("params") : List.of();
        if (!(params instanceof List<?> list)) {
            return error(id, RpcError.invalidParams());
        }
        try {
            var result = methods.call(method, new ArrayList<>(list));
            var answer = start(id);
            answer.put("result", result);
            return new Answer(answer, 200);
        } catch (RpcError e) {
            return error(id, e);
        } catch (RuntimeException e) { // a bug in one call must not take the daemon down: say it and go on
            return error(id, RpcError.of(String.valueOf(e.getMessage())));
        }
    }

    private static Answer error(Object id, RpcError e) {
        var answer = start(id);
        answer.put("error", e.toStruct());
        return new Answer(answer, e.httpStatus());
    }

    private static Map<String, Object> start(Object id) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("id", id);
        answer.put("jsonrpc", "2.0");
        return answer;
    }
}
