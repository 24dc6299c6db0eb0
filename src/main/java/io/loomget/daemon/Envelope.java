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

    /**
     * A request body: an object, or a batch (an array: one answer per object in it, HTTP 200). Its
     * parsed form and its answers are counted against the bound {@link MemoryBudget#SHARE}; past it the
     * whole request is answered busy (HTTP 503).
     */
    Answer handle(byte[] body) {
        Object request;
        try {
            request = Json.parse(body, MemoryBudget::spend);
        } catch (IOException e) {
            return error(null, RpcError.parse());
        } catch (RpcError busy) {
            return error(null, busy);
        }
        if (request instanceof List<?> batch) {
            var answers = new ArrayList<>();
            for (var item : batch) {
                if (item instanceof Map<?, ?> one) {
                    var answer = one(one);
                    if (answer.status() == 503) { // the budget is spent: the batch's other answers go too
                        return error(null, RpcError.busy());
                    }
                    try {
                        answers.add(counted(answer.body())); // written now: a batch of 2 MiB answers hundreds of MiB as maps
                    } catch (RpcError busy) {
                        return error(null, busy);
                    }
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
                request.put("params", Json.parse(java.util.Base64.getDecoder().decode(paramsBase64), MemoryBudget::spend));
            } catch (IOException | IllegalArgumentException e) {
                return error(null, RpcError.invalidRequest()); // aria2's answer to params it cannot decode
            } catch (RpcError busy) {
                return error(id, busy);
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
            answer.put("result", counted(result));
            return new Answer(answer, 200);
        } catch (RpcError e) {
            return error(id, e);
        } catch (RuntimeException e) { // a bug in one call must not take the daemon down: say it and go on
            return error(id, RpcError.of(String.valueOf(e.getMessage())));
        }
    }

    /**
     * {@code value} written at once and counted against the bound {@link MemoryBudget#SHARE} at three
     * times its size: itself, its copy in the whole answer, and the buffer that grows while that is written.
     *
     * @throws RpcError busy when the budget is spent
     */
    static Json.Raw counted(Object value) {
        var raw = Json.raw(value);
        MemoryBudget.spend(3L * raw.bytes().length);
        return raw;
    }

    private static Answer error(Object id, RpcError e) {
        return new Answer(errorStruct(id, e), e.httpStatus());
    }

    /** A whole answer with {@code e}, for a request whose id is not known. */
    static Map<String, Object> errorStruct(RpcError e) {
        return errorStruct(null, e);
    }

    private static Map<String, Object> errorStruct(Object id, RpcError e) {
        var answer = start(id);
        answer.put("error", e.toStruct());
        return answer;
    }

    private static Map<String, Object> start(Object id) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("id", id);
        answer.put("jsonrpc", "2.0");
        return answer;
    }
}
