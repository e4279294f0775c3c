package io.hagicode.imagemirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void dailyAtMidnightUtcIsTheNextMidnight() {
        Schedule daily = Schedule.parse("0 0 * * *", "UTC");
        assertThat(daily.nextAfter(ZonedDateTime.parse("2026-11-27T21:34:00Z")))
                .contains(ZonedDateTime.parse("2026-11-28T00:00Z[UTC]"));
    }

    @Test
    void evaluatesInTheGivenTimeZone() {
        Schedule shanghai = Schedule.parse("@daily", "Asia/Shanghai");
        // Midnight in Shanghai is 16:00 UTC the day before.
        assertThat(shanghai.nextAfter(ZonedDateTime.parse("2026-11-27T10:00:00Z")).orElseThrow().toInstant())
                .isEqualTo(ZonedDateTime.parse("2026-11-27T16:00:00Z").toInstant());
    }

    @Test
    void lastRunAtOrBeforeIncludesAnExactMatch() {
        Schedule hourly = Schedule.parse("@hourly", "UTC");
        assertThat(hourly.lastAtOrBefore(ZonedDateTime.parse("2026-11-27T10:00:30Z")).orElseThrow().toInstant())
                .isEqualTo(ZonedDateTime.parse("2026-11-27T10:00:00Z").toInstant());
        assertThat(hourly.lastAtOrBefore(ZonedDateTime.parse("2026-11-27T10:59:00Z")).orElseThrow().toInstant())
                .isEqualTo(ZonedDateTime.parse("2026-11-27T10:00:00Z").toInstant());
    }

    @Test
    void theSchemaDescriptionNamesEveryMacro() throws NoSuchFieldException {
        String description = ImageMirrorSpec.class.getDeclaredField("schedule")
                .getAnnotation(JsonPropertyDescription.class).value();

        assertThat(Schedule.macros()).isNotEmpty().allSatisfy(macro -> {
            assertThat(description).contains(macro);
            assertThat(Schedule.parse(macro, "UTC")).isNotNull();
        });
    }

    @Test
    void badExpressionsNameTheValue() {
        assertThatThrownBy(() -> Schedule.parse("61 * * * *", "UTC")).hasMessageContaining("'61 * * * *'");
        assertThatThrownBy(() -> Schedule.parse("0 0 * *", "UTC")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> Schedule.parse("0 0 * * *", "Nowhere/City")).hasMessageContaining("'Nowhere/City'");
    }
}
