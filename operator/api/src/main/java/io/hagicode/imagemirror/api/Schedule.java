package io.hagicode.imagemirror.api;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A five-field cron schedule evaluated in a time zone, as Kubernetes CronJobs take it (with the same @ macros). */
public final class Schedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private Schedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses both; the exception message names the bad value. */
    public static Schedule parse(String expression, String timeZone) {
        ZoneId zone = parseZone(timeZone);
        String cron = MACROS.getOrDefault(expression.trim().toLowerCase(Locale.ROOT), expression.trim());
        try {
            return new Schedule(expression, zone, PARSER.parse(cron).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage()
                    + " (expected 5 fields: minute hour day-of-month month day-of-week, or @daily, @hourly, ...)", e);
        }
    }

    /** The @ macros understood besides five-field expressions, as Kubernetes CronJobs have them. */
    static Set<String> macros() {
        return MACROS.keySet();
    }

    public static ZoneId parseZone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid time zone '" + timeZone
                    + "': expected an IANA name such as UTC or Asia/Shanghai", e);
        }
    }

    /** The first run strictly after {@code after}. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        return executionTime.nextExecution(after.withZoneSameInstant(zone));
    }

    /** The last run at or before {@code at}. */
    public Optional<ZonedDateTime> lastAtOrBefore(ZonedDateTime at) {
        ZonedDateTime local = at.withZoneSameInstant(zone);
        if (executionTime.isMatch(local.withSecond(0).withNano(0)) && !local.withSecond(0).withNano(0).isAfter(local)) {
            return Optional.of(local.withSecond(0).withNano(0));
        }
        return executionTime.lastExecution(local);
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
