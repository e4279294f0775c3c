package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.lib.jse.JsePlatform;

/** {@link ArgoLua} offers what Argo CD's Lua offers (gopher-lua without open libraries), and no more. */
class ArgoLuaTest {
    private static final Map<String, Object> MIRROR = Map.of(
            "apiVersion", "mirror.hagicode.io/v1alpha1", "kind", "ImageMirror",
            "metadata", Map.of("name", "hagicode", "generation", 3, "annotations", Map.of()),
            "spec", Map.of("suspend", false, "targets", List.of(Map.of("repository", "a"), Map.of("repository", "b"))));

    private final ArgoLua lua = new ArgoLua(Clock.fixed(Instant.parse("2025-06-02T08:30:05Z"), ZoneOffset.UTC));
    private final ArgoScripts argo = new ArgoScripts(lua);

    private Object run(String script) {
        return LuaJson.fromLua(lua.run(script, "test.lua", MIRROR, Map.of()));
    }

    @Test
    void globalsAreGopherLuasBasePackageAndTableLibrariesWithObjAndActionParams() {
        Object names = run("""
                local names = {}
                for name, _ in pairs(_G) do table.insert(names, name) end
                table.sort(names)
                return names
                """);

        // gopher-lua's baselib.go and loadlib.go, less the names luaj lacks (loadstring, getfenv, setfenv, module,
        // newproxy, _printregs, _GOPHER_LUA_VERSION), plus the two Argo CD sets (util/lua/lua.go).
        assertThat(names).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("_G", "_VERSION", "assert", "collectgarbage",
                "dofile", "error", "getmetatable", "ipairs", "load", "loadfile", "next", "pairs", "pcall", "print",
                "rawequal", "rawget", "rawset", "require", "select", "setmetatable", "tonumber", "tostring", "type",
                "unpack", "xpcall", "package", "table", "obj", "actionParams");
    }

    @Test
    void theTableLibraryIsGopherLuas() {
        Object names = run("""
                local names = {}
                for name, _ in pairs(table) do table.insert(names, name) end
                return names
                """);

        assertThat(names).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("concat", "getn", "insert", "maxn", "remove", "sort");
        assertThat(run("return {table.getn({7, 8, 9}), table.maxn({[1] = 1, [5] = 5}), unpack({4, 5})}"))
                .isEqualTo(List.of(3.0, 5.0, 4.0, 5.0));
    }

    @Test
    void osIsNoGlobalButRequireGivesTimeAndDate() {
        assertThat(run("return {os == nil, string == nil, math == nil, io == nil}"))
                .isEqualTo(List.of(true, true, true, true));
        Object names = run("""
                local os = require("os")
                local names = {}
                for name, _ in pairs(os) do table.insert(names, name) end
                return names
                """);
        assertThat(names).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("time", "date");
        assertThatThrownBy(() -> run("return require('string')")).isInstanceOf(LuaError.class);
    }

    @Test
    void osDateAndTimeReadTheClockAsArgoCdDoes() {
        assertThat(run("""
                local os = require("os")
                return {os.date("!%Y-%m-%dT%XZ"), os.date("!%F %H:%M:%S %%"), os.time()}
                """)).isEqualTo(List.of("2025-06-02T08:30:05Z", "2025-06-02 08:30:05 %", 1748853005.0));
        assertThat(run("local os = require('os') return os.date('!*t')")).isEqualTo(Map.of("year", 2025.0,
                "month", 6.0, "day", 2.0, "hour", 8.0, "min", 30.0, "sec", 5.0, "wday", 2.0, "yday", 0.0,
                "isdst", false));
        assertThatThrownBy(() -> run("return require('os').date('!%a')")).hasMessageContaining("%a");
    }

    @Test
    void stringsHaveNoMethodsEvenAfterLuajsStringLibraryWasLoadedElsewhere() {
        JsePlatform.standardGlobals(); // sets luaj's static string metatable

        assertThatThrownBy(() -> run("return ('x'):upper()")).isInstanceOf(LuaError.class);
        assertThat(run("return {'a' .. 1 .. 'b', tostring(obj.metadata.generation), #'abc'}"))
                .isEqualTo(List.of("a1b", "3", 3.0));
    }

    @Test
    void objectsArriveAsArgoCdDecodesThem() {
        assertThat(run("""
                return {obj.metadata.generation + 0.5, #obj.spec.targets, obj.spec.targets[1].repository,
                        obj.spec.suspend == false}
                """)).isEqualTo(List.of(3.5, 2.0, "a", true));
    }

    @Test
    void resultsLeaveAsGopherJsonEncodesThem() {
        assertThat(run("return {}")).isEqualTo(List.of());
        assertThat(run("return {a = {}, b = {1, 2}}")).isEqualTo(Map.of("a", List.of(), "b", List.of(1.0, 2.0)));
        assertThatThrownBy(() -> run("return {1, a = 2}")).hasMessageContaining("mixed or invalid key types");
        assertThatThrownBy(() -> run("return {[1] = 1, [3] = 3}")).hasMessageContaining("sparse array");
        assertThatThrownBy(() -> run("local t = {} return {a = t, b = t}")).hasMessageContaining("nested tables");
        assertThatThrownBy(() -> run("return {f = print}")).hasMessageContaining("cannot encode function");
    }

    @Test
    void lua52SyntaxIsRefusedOutsideStringsAndComments() {
        assertThatThrownBy(() -> run("for i = 1, 2 do goto done end ::done:: return {}"))
                .hasMessageContaining("'goto' is Lua 5.2");
        assertThatThrownBy(() -> run("return _ENV")).hasMessageContaining("'_ENV' is Lua 5.2");
        assertThat(run("""
                -- goto and :: in a comment
                --[==[ and _ENV in a long one ]==]
                return {"goto ::", [[_ENV]], 'it\\'s'}
                """)).isEqualTo(List.of("goto ::", "_ENV", "it's"));
    }

    @Test
    void healthFollowsArgoCdsReadingOfTheResult() {
        assertThat(argo.health("return {status = 'Healthy', message = 'fine'}", MIRROR))
                .isEqualTo(new ArgoScripts.Health("Healthy", "fine"));
        assertThat(argo.health("return {status = 'Fine'}", MIRROR))
                .isEqualTo(new ArgoScripts.Health("Unknown", "Lua returned an invalid health status"));
        assertThat(argo.health("return {}", MIRROR)).isEqualTo(new ArgoScripts.Health("", ""));
        assertThat(argo.health("local x = 1", MIRROR)).isEqualTo(new ArgoScripts.Health("", ""));
        assertThatThrownBy(() -> argo.health("return 'Healthy'", MIRROR))
                .hasMessage("expect table output from Lua script, not string");
    }

    @Test
    void actionsGetEmptyObjectsBackAndSeeTheirParameters() {
        var output = argo.act("obj.metadata.labels = {} obj.spec.note = actionParams['note'] return obj", "note",
                MIRROR, Map.of("note", "hello"));

        assertThat(Yaml.at(output, "metadata", "annotations")).as("was {} in the input").isEqualTo(Map.of());
        assertThat(Yaml.at(output, "metadata", "labels")).as("new, so Argo CD cannot know").isEqualTo(List.of());
        assertThat(Yaml.str(output, "spec", "note")).isEqualTo("hello");
    }

    @Test
    void discoveryFollowsArgoCdsReadingOfTheResult() {
        assertThat(argo.discover("return {a = {}, b = {disabled = true, displayName = 'B'}}", MIRROR))
                .containsExactlyInAnyOrder(new ArgoScripts.ResourceAction("a", false, null, null, List.of()),
                        new ArgoScripts.ResourceAction("b", true, "B", null, List.of()));
        assertThat(argo.discover("return {}", MIRROR)).isEmpty();
        assertThatThrownBy(() -> argo.discover("return {a = {disable = true}}", MIRROR))
                .hasMessageContaining("unknown field disable");
    }
}
