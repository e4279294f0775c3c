package io.hagicode.imagemirror.app.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * What Argo CD makes of a script's result (util/lua/lua.go): {@code ExecuteHealthLua}, {@code
 * ExecuteResourceActionDiscovery} and {@code ExecuteResourceAction}, on top of {@link ArgoLua}.
 */
final class ArgoScripts {
    /** gitops-engine's health codes; any other status reads as Unknown. */
    static final Set<String> HEALTH_CODES = Set.of("Unknown", "Progressing", "Suspended", "Healthy", "Degraded",
            "Missing");

    record Health(String status, String message) {
    }

    /** An entry of Argo CD's ResourceAction list; {@code params} holds the parameter names. */
    record ResourceAction(String name, boolean disabled, String displayName, String iconClass, List<String> params) {
    }

    private final ArgoLua lua;

    ArgoScripts(ArgoLua lua) {
        this.lua = lua;
    }

    Health health(String script, Map<String, Object> obj) {
        LuaValue returned = lua.run(script, "health.lua", obj, Map.of());
        if (returned.isnil()) {
            return new Health("", "");
        }
        Object result = returnedTable(returned);
        if (!(result instanceof Map<?, ?> fields)) {
            return new Health("", ""); // an empty table encodes as [], which Argo CD reads as an empty health
        }
        Object status = fields.get("status");
        Object message = fields.get("message");
        if (!(status == null || status instanceof String) || !(message == null || message instanceof String)) {
            return new Health("", ""); // Argo CD swallows the JSON type error the same way
        }
        String code = status == null ? "" : (String) status;
        if (!HEALTH_CODES.contains(code)) {
            return new Health("Unknown", "Lua returned an invalid health status");
        }
        return new Health(code, message == null ? "" : (String) message);
    }

    List<ResourceAction> discover(String script, Map<String, Object> obj) {
        Object result = returnedTable(lua.run(script, "discovery.lua", obj, Map.of()));
        List<ResourceAction> actions = new ArrayList<>();
        if (result instanceof List<?> list) {
            if (!list.isEmpty()) {
                throw new LuaError("error unmarshaling action table: discovery returned a list, not a table by name");
            }
            return actions;
        }
        ((Map<?, ?>) result).forEach((name, value) -> actions.add(action((String) name, value)));
        return actions;
    }

    /**
     * An old-style action's output (the modified object), cleaned as Argo CD cleans it. New-style output (a list of
     * impacted resources) is refused: none of our actions creates resources.
     */
    Map<String, Object> act(String script, String actionName, Map<String, Object> obj, Map<String, String> params) {
        Object result = returnedTable(lua.run(script, actionName + "/action.lua", obj, params));
        if (!(result instanceof Map<?, ?>)) {
            throw new LuaError("the action returned a list (new-style output), which this runner does not support");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) result;
        return cleanReturnedObj(out, obj);
    }

    private static Object returnedTable(LuaValue returned) {
        if (!returned.istable()) {
            throw new LuaError("expect table output from Lua script, not " + returned.typename());
        }
        return LuaJson.fromLua(returned);
    }

    /** As Go's json.Unmarshal fills a ResourceAction, except that an unknown key is an error here, not ignored. */
    private static ResourceAction action(String name, Object value) {
        if (value instanceof List<?> list && list.isEmpty()) {
            return new ResourceAction(name, false, null, null, List.of());
        }
        if (!(value instanceof Map<?, ?> fields)) {
            throw new LuaError("error unmarshaling resource action " + name + ": " + value);
        }
        for (Object key : fields.keySet()) {
            if (!Set.of("name", "disabled", "displayName", "iconClass", "params").contains(key)) {
                throw new LuaError("resource action " + name + " has an unknown field " + key);
            }
        }
        List<String> params = new ArrayList<>();
        if (fields.get("params") instanceof List<?> list) {
            for (Object param : list) {
                params.add(string(((Map<?, ?>) param).get("name"), name + ".params[].name"));
            }
        }
        Object disabled = fields.get("disabled");
        if (disabled != null && !(disabled instanceof Boolean)) {
            throw new LuaError("resource action " + name + ": disabled is not a boolean: " + disabled);
        }
        String named = fields.containsKey("name") ? string(fields.get("name"), name + ".name") : name;
        return new ResourceAction(named, Boolean.TRUE.equals(disabled),
                string(fields.get("displayName"), name + ".displayName"),
                string(fields.get("iconClass"), name + ".iconClass"), List.copyOf(params));
    }

    private static String string(Object value, String what) {
        if (value != null && !(value instanceof String)) {
            throw new LuaError(what + " is not a string: " + value);
        }
        return (String) value;
    }

    /**
     * Argo CD's cleanReturnedObj: Lua cannot tell an empty object from an empty list, so where the input had an
     * object and the output has an empty list, the object (empty) is put back.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cleanReturnedObj(Map<String, Object> out, Map<String, Object> in) {
        for (Map.Entry<String, Object> entry : in.entrySet()) {
            Object now = out.get(entry.getKey());
            Object before = entry.getValue();
            if (now instanceof Map<?, ?> map && before instanceof Map<?, ?> old) {
                out.put(entry.getKey(), cleanReturnedObj((Map<String, Object>) map, (Map<String, Object>) old));
            } else if (now instanceof List<?> list && before instanceof Map<?, ?> && list.isEmpty()) {
                out.put(entry.getKey(), new LinkedHashMap<>());
            } else if (now instanceof List<?> list && before instanceof List<?> old) {
                out.put(entry.getKey(), cleanReturnedArray((List<Object>) list, (List<Object>) old));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cleanReturnedArray(List<Object> out, List<Object> in) {
        List<Object> cleaned = new ArrayList<>(out);
        for (int i = 0; i < cleaned.size() && i < in.size(); i++) {
            if (cleaned.get(i) instanceof Map<?, ?> map && in.get(i) instanceof Map<?, ?> old) {
                cleaned.set(i, cleanReturnedObj((Map<String, Object>) map, (Map<String, Object>) old));
            } else if (cleaned.get(i) instanceof List<?> list && in.get(i) instanceof List<?> old) {
                cleaned.set(i, cleanReturnedArray((List<Object>) list, (List<Object>) old));
            }
        }
        return cleaned;
    }
}
