package chatroom.server.chat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/** The {@code HH:MM:SS} of message lines, worked out once a second rather than once a message. */
final class TimeStamps {

    private final Clock clock;
    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private String cached;

    TimeStamps(Clock clock) {
        this.clock = clock;
        this.zone = clock.getZone();
    }

    String now() {
        long second = Math.floorDiv(clock.millis(), 1000);
        if (second != cachedSecond) {
            LocalTime t = LocalTime.ofInstant(Instant.ofEpochSecond(second), zone);
            cached = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
            cachedSecond = second;
        }
        return cached;
    }
}
