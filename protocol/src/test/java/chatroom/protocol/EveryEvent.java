package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * At least one of every {@link Event}, with awkward but valid values: what the contract tests
 * of both codecs run over. {@link #assertCoversEveryType} makes a new event type without a
 * sample here fail those tests.
 */
final class EveryEvent {

    /** A name at the 24-character limit. */
    static final String LONGEST = "abcdefghijklmnopqrstuvwx";

    /** Twenty names, as many as the "You are in" line shows. */
    static final List<String> FIRST_NAMES = IntStream.range(0, TextCodec.NAMES_ON_ENTRY)
            .mapToObj(i -> i == 0 ? LONGEST : "user-" + i)
            .collect(Collectors.toList());

    private EveryEvent() {}

    static List<Event> samples(Instant ts) {
        List<Event> events = new ArrayList<>();
        events.add(new Event.Welcome(ts));
        events.add(new Event.Notice(ts, "Be nice (please) \u2014 \u00fcn\u00efc\u00f6d\u00e9 \u2713 \uD83D\uDE00"));
        events.add(new Event.Notice(ts, ""));
        events.add(new Event.AskName(ts));
        events.add(new Event.Hello(ts, LONGEST));
        events.add(new Event.Said(ts, 9_007_199_254_740_993L, "lobby", LONGEST,
                "h\u00e9llo \uD83D\uDE00 \"quoted\" \\back\\ <b>&amp; *** alice joined lobby", false));
        events.add(new Event.Said(ts, 1, "lobby", "bob", "   leading spaces and a tab\tinside", false));
        events.add(new Event.Said(ts, 2, "lobby", "bob", "my own line", true));
        events.add(new Event.Action(ts, 3, "dev", "bob", "waves (at everyone) \u263A", false));
        events.add(new Event.Action(ts, 4, "dev", "bob", "waves back", true));
        events.add(new Event.Private(ts, "alice", "bob", "psst: [12:00:00] <x> y", false));
        events.add(new Event.Private(ts, "alice", LONGEST, "-> *not* a nested one", true));
        events.add(new Event.Joined(ts, LONGEST, LONGEST));
        events.add(new Event.Left(ts, "dev", "bob", "quit: gone (for now) (really)"));
        events.add(new Event.Left(ts, "dev", "bob", ""));
        events.add(new Event.Renamed(ts, "lobby", "alice", LONGEST, false));
        events.add(new Event.Renamed(ts, "lobby", "alice", "alice2", true));
        events.add(new Event.Summary(ts, "lobby", 1_234, 5_678, 1_234_567));
        events.add(new Event.Summary(ts, "lobby", 3, 0, 10));
        events.add(new Event.Summary(ts, "lobby", 0, 5, 0));
        events.add(new Event.Summary(ts, "lobby", Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
        events.add(new Event.Summary(ts, "lobby", 3, 2, 5, 2_021));
        events.add(new Event.Summary(ts, "lobby", 0, 0, 1_234, 5_678));
        events.add(new Event.Summary(ts, "lobby", 1, 0, 2, 101));
        events.add(new Event.Summary(ts, "lobby", 0, 4, 1, 9));
        events.add(new Event.Entered(ts, "lobby", 1_234_567, FIRST_NAMES));
        events.add(new Event.Entered(ts, "lobby", 1, List.of("alice")));
        events.add(new Event.Entered(ts, "empty", 0, List.of()));
        events.add(new Event.HistoryStart(ts, "dev", 1, -1, 0));
        events.add(new Event.HistoryStart(ts, "dev", 1_500, -1, 0));
        events.add(new Event.HistoryStart(ts, "dev", 0, -1, 0)); // a plain join, nothing to replay: no text
        events.add(new Event.HistoryStart(ts, "dev", 2, 999_999_999_999_999_999L, 0));
        events.add(new Event.HistoryStart(ts, "dev", 1, 7, 1));
        events.add(new Event.HistoryStart(ts, "dev", 0, 7, 3)); // a room that keeps no history
        events.add(new Event.HistoryStart(ts, "dev", 0, 7, 1));
        events.add(new Event.HistoryStart(ts, "dev", 1_000, 0, 12_345_678));
        events.add(new Event.HistoryStart(ts, "dev", 0, 42, 0));
        events.add(new Event.HistoryEnd(ts, "dev"));
        events.add(new Event.HistoryPage(ts, "dev", 20, 1_764_603_394_298_001L, true));
        events.add(new Event.HistoryPage(ts, LONGEST, 1, 2, false));
        events.add(new Event.HistoryPage(ts, "dev", 1_500, 9_007_199_254_740_993L, true));
        events.add(new Event.HistoryPage(ts, "dev", 0, 1, false)); // the room keeps nothing older
        events.add(new Event.Who(ts, "lobby", List.of("alice", "Bob", LONGEST)));
        events.add(new Event.Who(ts, "empty", List.of()));
        events.add(new Event.Who(ts, "big", 9_800, names(TextCodec.PAGE_SIZE), 1, 98));
        events.add(new Event.Who(ts, "big", 9_800, names(TextCodec.PAGE_SIZE), 97, 98));
        events.add(new Event.Who(ts, "big", 1_050, names(50), 11, 11));
        events.add(new Event.Rooms(ts, List.of(new Event.RoomCount("dev", 1_234_567), new Event.RoomCount(LONGEST, 1))));
        events.add(new Event.Rooms(ts, List.of(new Event.RoomCount("lobby", 1))));
        events.add(new Event.Rooms(ts, List.of()));
        events.add(new Event.Rooms(ts, 1_000, roomCounts(TextCodec.PAGE_SIZE), 1, 10));
        events.add(new Event.Rooms(ts, 101, roomCounts(1), 2, 2));
        events.add(new Event.Help(ts));
        events.add(new Event.Help(ts, true));
        events.add(new Event.FormatSet(ts, Format.JSON));
        events.add(new Event.FormatSet(ts, Format.TEXT));
        events.add(new Event.Pong(ts));
        events.add(new Event.Bye(ts));
        events.add(new Event.ShuttingDown(ts));
        events.add(Problem.INVALID_NAME.refused(ts, "(x)".repeat(100)));
        events.add(Problem.NAME_TAKEN.event(ts, LONGEST));
        events.add(Problem.TOO_LONG.count(ts, 1_048_576));
        events.add(Problem.USAGE.event(ts, CommandSpec.RESUME.usage()));
        events.add(Problem.NAME_FIRST.event(ts));
        events.add(Problem.TOO_MANY_ROOMS.count(ts, 1_000));
        events.add(Problem.NICK_TOO_FAST.count(ts, 10));
        events.add(Problem.TOO_MANY_WAITING.count(ts, 1_000));
        events.add(Problem.TOO_MANY_CONNECTIONS.event(ts, "2001:db8:1:2::/64"));
        events.add(Problem.CONNECTING_TOO_FAST.event(ts));
        events.add(Problem.CANNOT_TARGET_OPERATOR.event(ts, LONGEST));
        events.add(Problem.BANNED.event(ts, ""));
        events.add(Problem.PLAINTEXT_PASSWORD.event(ts, " (port 5443)"));
        events.add(Problem.HISTORY_BUSY.event(ts));
        events.addAll(operators(ts));
        events.add(new Event.Error(ts, "rate_limited", "Slow down (a newer server's error)"));
        events.add(new Event.Other(ts, null, "a line from a newer server"));
        events.add(new Event.Other(ts, "poll", "Vote now: (a) or (b)?"));
        return events;
    }

    /** The registered-name and operator events, each of its forms. */
    private static List<Event> operators(Instant ts) {
        Instant later = ts == null ? null : ts.plus(java.time.Duration.ofHours(2));
        Instant week = ts == null ? null : ts.plus(java.time.Duration.ofDays(7));
        List<Event> events = new ArrayList<>();
        events.add(new Event.PasswordNeeded(ts, LONGEST, 52, false));
        events.add(new Event.PasswordNeeded(ts, "alice", 60, true));
        events.add(new Event.Identified(ts, LONGEST));
        events.add(new Event.Registered(ts, "alice", false));
        events.add(new Event.Registered(ts, "alice", true));
        events.add(new Event.PasswordChanged(ts, "alice"));
        events.add(new Event.Oper(ts, "root", true));
        events.add(new Event.Oper(ts, "root", false));
        events.add(new Event.Kicked(ts, "lobby", "bob", LONGEST, "spam (lots) \u263A", false));
        events.add(new Event.Kicked(ts, "lobby", "bob", "alice", "", true));
        events.add(new Event.Banned(ts, "lobby", "bob", "alice", later, "spam", 0, false));
        events.add(new Event.Banned(ts, null, "bob", "alice", null, "", 0, true));
        events.add(new Event.Banned(ts, null, "bob (203.0.113.7)", "alice", week, "", 1, false));
        events.add(new Event.Banned(ts, null, "2001:db8::/48", "alice", null, "flood", 1_234, false));
        events.add(new Event.Unbanned(ts, "203.0.113.0/24", "alice"));
        events.add(new Event.Bans(ts, 0, List.of(), 1, 1));
        events.add(new Event.Bans(ts, 3, List.of(
                new Event.BanEntry("bob (203.0.113.7)", "alice", ts, week, "spam (again)"),
                new Event.BanEntry("2001:db8::/48", LONGEST, ts, null, "")), 1, 2));
        events.add(new Event.Muted(ts, "lobby", "bob", "alice", later, false));
        events.add(new Event.Muted(ts, null, "bob", "alice", ts == null ? null : ts.plusSeconds(45), true));
        events.add(new Event.Unmuted(ts, "lobby", "bob", "alice", false));
        events.add(new Event.Unmuted(ts, null, "bob", null, true));
        events.add(new Event.Unmuted(ts, "lobby", "bob", null, false));
        events.add(new Event.Topic(ts, "lobby", "Be nice (please) \u2014 see: https://example.org/rules", "alice", false));
        events.add(new Event.Topic(ts, "dev", "", null, false));
        events.add(new Event.Topic(ts, "dev", "release on Friday: (set by nobody)", "alice", true));
        events.add(new Event.Topic(ts, "dev", "", "alice", true));
        events.add(new Event.Wall(ts, "alice", "restart in 5 min [really] <x> *y*"));
        events.add(new Event.Replaced(ts, "2001:db8::7"));
        return events;
    }

    /** {@code n} names, the first at the length limit: a page of a big room's {@code /who}. */
    private static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> i == 0 ? LONGEST : "u" + i).collect(Collectors.toList());
    }

    /** {@code n} rooms with their counts: a page of {@code /rooms} on a server with many. */
    private static List<Event.RoomCount> roomCounts(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Event.RoomCount(i == 0 ? LONGEST : "room-" + i, i * 1_001))
                .collect(Collectors.toList());
    }

    /** Whether the text codec documents {@code event} as having no text form. */
    static boolean hasNoText(Event event) {
        return event instanceof Event.HistoryEnd
                || event instanceof Event.Said said && said.echo()
                || event instanceof Event.Action action && action.echo()
                || event instanceof Event.HistoryStart start && start.since() < 0 && start.count() == 0
                || event instanceof Event.Other other && other.text() == null;
    }

    static void assertCoversEveryType(List<Event> events) {
        Set<Class<?>> covered = events.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered)
                .as("a sample of every Event type (add one to EveryEvent for a new type)")
                .containsAll(Arrays.asList(Event.class.getPermittedSubclasses()));
    }
}
