package io.hagicode.imagemirror.app.deploy;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * The Lua Argo CD runs resource customizations in, rebuilt on luaj so that a script that runs here runs there.
 *
 * <p>Argo CD (util/lua/lua.go, {@code runLuaWithResourceActionParameters}) runs gopher-lua, a Lua 5.1, with
 * {@code SkipOpenLibs} for every action and discovery script on the API server and for every argocd-cm health check
 * whose kind has no {@code useOpenLibs} setting. It then opens only the package, base and table libraries and a safe
 * os module (util/lua/oslib_safe.go) that is preloaded, not global: {@code require("os")} yields {@code time} and
 * {@code date}, and nothing else does. No string, math, io, debug or coroutine library; no string methods. The object is
 * the global {@code obj}, the action parameters the global {@code actionParams}.
 *
 * <p>luaj is a Lua 5.2 and offers more. What gopher-lua lacks is taken away (globals are cut to gopher-lua's names,
 * {@code table.pack}/{@code table.unpack} go, luaj's string metatable is cleared), gopher-lua's 5.1 extras that
 * scripts use are added ({@code unpack}, {@code table.getn}, {@code table.maxn}), and 5.2-only syntax is refused by
 * {@link Lua51Syntax}. What stays different errs on the safe side: gopher-lua names luaj does not have
 * ({@code loadstring}, {@code getfenv}, {@code setfenv}, {@code module}, {@code newproxy}) fail here and work there.
 * Not emulated: Argo CD's one-second time limit.
 */
final class ArgoLua {
    /** The globals of Argo CD's VM: gopher-lua's base library (baselib.go), package, table, and Argo's two. */
    static final Set<String> GLOBALS = Set.of("_G", "_VERSION", "assert", "collectgarbage", "dofile", "error",
            "getmetatable", "ipairs", "load", "loadfile", "next", "pairs", "pcall", "print", "rawequal", "rawget",
            "rawset", "require", "select", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
            "package", "table", "obj", "actionParams");
    /** gopher-lua's table library (tablelib.go). */
    static final Set<String> TABLE = Set.of("concat", "getn", "insert", "maxn", "remove", "sort");

    private final Clock clock;

    ArgoLua(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs a script as Argo CD does and returns what it returned last (Argo CD reads the top of the stack), or nil.
     *
     * @throws org.luaj.vm2.LuaError when the script does not compile, uses 5.2-only syntax, or fails
     */
    LuaValue run(String script, String chunkName, Map<String, Object> obj, Map<String, String> actionParams) {
        Lua51Syntax.check(script, chunkName);
        Globals globals = globals();
        LuaTable params = new LuaTable();
        actionParams.forEach((name, value) -> params.rawset(name, LuaValue.valueOf(value)));
        globals.set("actionParams", params);
        globals.set("obj", LuaJson.toLua(obj));
        Varargs returned = globals.load(script, chunkName).invoke();
        return returned.narg() == 0 ? LuaValue.NIL : returned.arg(returned.narg());
    }

    private Globals globals() {
        // luaj keeps the string metatable in a static field, set by any Globals that ever loaded its string library;
        // gopher-lua without open libraries has none, so ("x"):upper() must fail here too.
        LuaString.s_metatable = null;
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);

        LuaTable table = globals.get("table").checktable();
        globals.set("unpack", table.get("unpack"));
        table.set("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(t.checktable().rawlen());
            }
        });
        table.set("maxn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(maxNumericKey(t.checktable()));
            }
        });
        keepOnly(table, TABLE);

        LuaTable pkg = globals.get("package").checktable();
        pkg.get("preload").checktable().set("os", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return SafeOs.module(clock);
            }
        });
        // Only package.preload is searched: luaj would also look for .lua files and Java classes, and a script that
        // needed a file beside it would not find it inside Argo CD.
        LuaTable searchers = new LuaTable();
        searchers.set(1, pkg.get("searchers").get(1));
        pkg.set("searchers", searchers);

        keepOnly(globals, GLOBALS);
        return globals;
    }

    private static void keepOnly(LuaTable table, Set<String> names) {
        for (LuaValue key : table.keys()) {
            if (!names.contains(key.tojstring())) {
                table.rawset(key, LuaValue.NIL);
            }
        }
    }

    private static double maxNumericKey(LuaTable t) {
        double max = 0;
        for (LuaValue key : t.keys()) {
            if (key.type() == LuaValue.TNUMBER && key.todouble() > max) {
                max = key.todouble();
            }
        }
        return max;
    }
}
