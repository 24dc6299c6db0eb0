package io.loomget.daemon;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A method's positional parameters (the token already taken off), read with aria2's messages:
 * "The parameter at N is required but missing." and "The parameter at N has wrong type.".
 */
record Params(List<Object> values, java.util.function.ToLongFunction<String> gids) {

    int size() {
        return values.size();
    }

    Object required(int i) {
        if (i >= values.size()) {
            throw RpcError.of("The parameter at " + i + " is required but missing.");
        }
        return values.get(i);
    }

    String string(int i) {
        return as(i, required(i), String.class);
    }

    /** The download a GID names, given whole or as a unique prefix (as aria2's console shows it). */
    long gid(int i) {
        return gids.applyAsLong(string(i));
    }

    /** An integer, given as a JSON number (as aria2's clients send offsets and counts). */
    long integer(int i) {
        var value = required(i);
        if (value instanceof Long n) {
            return n;
        }
        throw wrongType(i);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(int i) {
        return as(i, required(i), List.class);
    }

    @SuppressWarnings("unchecked")
    Optional<List<Object>> optionalList(int i) {
        return i < values.size() ? Optional.of(as(i, values.get(i), List.class)) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> optionalStruct(int i) {
        return i < values.size() ? Optional.of(as(i, values.get(i), Map.class)) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> struct(int i) {
        return as(i, required(i), Map.class);
    }

    private static <T> T as(int i, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw wrongType(i);
        }
        return type.cast(value);
    }

    static RpcError wrongType(int i) {
        return RpcError.of("The parameter at " + i + " has wrong type.");
    }
}
