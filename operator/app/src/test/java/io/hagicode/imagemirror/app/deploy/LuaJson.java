package io.hagicode.imagemirror.app.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Objects into Lua and back the way Argo CD moves them: in through {@code decodeValue} (util/lua/lua.go: maps become
 * tables with string keys, lists 1-based arrays, every number a float), out through gopher-json's {@code Encode}
 * (layeh.com/gopher-json), whose rules decide what a script may return: an empty table is an empty list, a table is a
 * list when its first key is a number and then its keys must run 1..n, an object when its first key is a string and
 * then every key must be one; a table may appear only once in the output, even without a cycle; functions cannot be
 * encoded. Numbers come out as doubles, as Go's float64 does.
 */
final class LuaJson {
    private LuaJson() {
    }

    static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.rawset(k.toString(), toLua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.rawset(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (value instanceof String s) {
            return LuaValue.valueOf(s);
        }
        throw new IllegalArgumentException("no JSON value: " + value.getClass().getName());
    }

    static Object fromLua(LuaValue value) {
        return encode(value, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Object encode(LuaValue value, Set<LuaTable> seen) {
        switch (value.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return value.toboolean();
            case LuaValue.TNUMBER:
                return value.todouble();
            case LuaValue.TSTRING:
                return value.tojstring();
            case LuaValue.TTABLE:
                return encodeTable((LuaTable) value, seen);
            default:
                throw new LuaError("cannot encode " + value.typename() + " to JSON");
        }
    }

    private static Object encodeTable(LuaTable table, Set<LuaTable> seen) {
        if (!seen.add(table)) {
            throw new LuaError("cannot encode recursively nested tables to JSON");
        }
        Varargs entry = table.next(LuaValue.NIL);
        LuaValue key = entry.arg1();
        if (key.isnil()) {
            return List.of();
        }
        if (key.type() == LuaValue.TNUMBER) {
            List<Object> list = new ArrayList<>();
            for (double expected = 1; !key.isnil(); expected++) {
                if (key.type() != LuaValue.TNUMBER) {
                    throw new LuaError("cannot encode mixed or invalid key types");
                }
                if (key.todouble() != expected) {
                    throw new LuaError("cannot encode sparse array");
                }
                list.add(encode(entry.arg(2), seen));
                entry = table.next(key);
                key = entry.arg1();
            }
            return list;
        }
        if (key.type() == LuaValue.TSTRING) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (!key.isnil()) {
                if (key.type() != LuaValue.TSTRING) {
                    throw new LuaError("cannot encode mixed or invalid key types");
                }
                map.put(key.tojstring(), encode(entry.arg(2), seen));
                entry = table.next(key);
                key = entry.arg1();
            }
            return map;
        }
        throw new LuaError("cannot encode mixed or invalid key types");
    }
}
