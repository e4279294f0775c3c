package io.hagicode.imagemirror.app.deploy;

import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * Runs an Argo CD health script the way Argo CD does: the live object as the global {@code obj} (maps become tables
 * with string keys, lists become 1-based arrays, every number a float, as gopher-lua decodes JSON), with only the
 * base, package and table libraries loaded, and the returned table's {@code status} and {@code message}.
 */
final class LuaHealthCheck {
    record Health(String status, String message) {
    }

    private final String script;

    LuaHealthCheck(String script) {
        this.script = script;
    }

    Health evaluate(Map<String, Object> object) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.set("obj", toLua(object));
        LuaValue result = globals.load(script, "health-imagemirror.lua").call();
        LuaValue message = result.get("message");
        return new Health(result.get("status").checkjstring(), message.isnil() ? null : message.tojstring());
    }

    static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(k.toString(), toLua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        return LuaValue.valueOf(value.toString());
    }
}
