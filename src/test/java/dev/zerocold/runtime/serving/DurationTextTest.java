package dev.zerocold.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code model.yaml} durations parse from a number and a unit, down to microseconds; anything else is refused. */
class DurationTextTest {

    @Test
    void parsesEveryUnit() {
        assertEquals(Duration.ofNanos(500_000), DurationText.parse("500us"));
        assertEquals(Duration.ofNanos(500_000), DurationText.parse("500µs"));
        assertEquals(Duration.ofMillis(2), DurationText.parse("2ms"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals(Duration.ofSeconds(5), DurationText.parse("5s"));
        assertEquals(Duration.ofMinutes(10), DurationText.parse("10m"));
        assertEquals(Duration.ofHours(1), DurationText.parse("1h"));
    }

    @Test
    void zeroAloneIsZeroAndSpacingOrCaseDoNotMatter() {
        assertEquals(Duration.ZERO, DurationText.parse("0"));
        assertEquals(Duration.ZERO, DurationText.parse("0ms"));
        assertEquals(Duration.ofMillis(2), DurationText.parse(" 2 MS "));
    }

    @Test
    void refusesNumbersWithoutUnitsGarbageAndNegatives() {
        for (String bad : new String[] {"5", "abc", "-2ms", "", "2 days", "ms", "1e3ms", "2ms5"}) {
            assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
        }
    }
}
