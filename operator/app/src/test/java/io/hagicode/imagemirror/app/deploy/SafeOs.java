package io.hagicode.imagemirror.app.deploy;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The module {@code require("os")} yields in Argo CD: {@code time} and {@code date} only (util/lua/oslib_safe.go),
 * behaving as Argo CD's do: {@code date("!...")} formats the current time in UTC, a second argument is read in the
 * server's zone (Argo CD then ignores the {@code !}), {@code "*t"} gives a table with {@code yday = 0}. Of the format
 * flags, those that Argo CD renders as their names say are emulated; the others fail here, so that no script comes to
 * rely on one.
 */
final class SafeOs {
    private static final Map<Character, DateTimeFormatter> FLAGS = Map.ofEntries(
            Map.entry('Y', pattern("uuuu")), Map.entry('y', pattern("uu")), Map.entry('m', pattern("MM")),
            Map.entry('d', pattern("dd")), Map.entry('H', pattern("HH")), Map.entry('M', pattern("mm")),
            Map.entry('S', pattern("ss")), Map.entry('X', pattern("HH:mm:ss")), Map.entry('F', pattern("uuuu-MM-dd")),
            Map.entry('z', pattern("xx")));

    private SafeOs() {
    }

    static LuaTable module(Clock clock) {
        LuaTable os = new LuaTable();
        os.set("time", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf((double) time(clock, args));
            }
        });
        os.set("date", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return date(clock, args);
            }
        });
        return os;
    }

    private static long time(Clock clock, Varargs args) {
        if (args.narg() == 0) {
            return clock.instant().getEpochSecond();
        }
        LuaTable t = args.checktable(1);
        // Go's time.Date normalises out-of-range fields, and Argo CD defaults a missing day, month or year to -1.
        LocalDateTime at = LocalDateTime.of(field(t, "year", -1), 1, 1, 0, 0)
                .plusMonths(field(t, "month", -1) - 1L)
                .plusDays(field(t, "day", -1) - 1L)
                .plusHours(field(t, "hour", 12))
                .plusMinutes(field(t, "min", 0))
                .plusSeconds(field(t, "sec", 0));
        return at.atZone(ZoneId.systemDefault()).toEpochSecond();
    }

    private static int field(LuaTable t, String key, int fallback) {
        LuaValue value = t.rawget(key);
        return value.type() == LuaValue.TNUMBER ? (int) value.todouble() : fallback;
    }

    private static LuaValue date(Clock clock, Varargs args) {
        String format = args.narg() >= 1 ? args.checkjstring(1) : "%c";
        ZoneId zone = ZoneId.systemDefault();
        Instant instant = clock.instant();
        if (format.startsWith("!")) {
            zone = ZoneOffset.UTC;
            format = format.substring(1);
        }
        if (args.narg() >= 2) {
            instant = Instant.ofEpochSecond(args.checklong(2));
            zone = ZoneId.systemDefault();
        }
        ZonedDateTime t = instant.atZone(zone);
        if (format.startsWith("*t")) {
            LuaTable table = new LuaTable();
            table.set("year", t.getYear());
            table.set("month", t.getMonthValue());
            table.set("day", t.getDayOfMonth());
            table.set("hour", t.getHour());
            table.set("min", t.getMinute());
            table.set("sec", t.getSecond());
            table.set("wday", t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1);
            table.set("yday", 0);
            table.set("isdst", LuaValue.FALSE);
            return table;
        }
        return LuaValue.valueOf(strftime(t, format));
    }

    private static String strftime(ZonedDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i == format.length() - 1) {
                out.append(c);
                continue;
            }
            char flag = format.charAt(++i);
            if (flag == '%') {
                out.append('%');
            } else if (FLAGS.containsKey(flag)) {
                out.append(FLAGS.get(flag).format(t));
            } else {
                throw new LuaError("os.date: %" + flag + " is not emulated by this test runtime; use one of %"
                        + String.join(" %", FLAGS.keySet().stream().sorted().map(String::valueOf).toList()));
            }
        }
        return out.toString();
    }

    private static DateTimeFormatter pattern(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }
}
