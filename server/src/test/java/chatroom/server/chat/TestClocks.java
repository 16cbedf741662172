package chatroom.server.chat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Clocks for tests: the chat's timestamps then read a known time. */
final class TestClocks {

    /** 2024-05-01 12:34:56 UTC, so every message line starts with {@code [12:34:56]}. */
    static final Instant INSTANT = Instant.parse("2024-05-01T12:34:56Z");

    static final Clock FIXED = Clock.fixed(INSTANT, ZoneOffset.UTC);

    /** What {@link #FIXED} puts in front of every message. */
    static final String STAMP = "[12:34:56]";

    private TestClocks() {}
}
