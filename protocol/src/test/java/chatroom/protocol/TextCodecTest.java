package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact text of every event: these lines are what telnet and nc users have always read,
 * so they are pinned here word for word (the lines of the server's old {@code Lines} among them).
 */
class TextCodecTest {

    /** 2024-05-01 12:34:56 UTC: a message line starts with {@code [12:34:56]}. */
    private static final Instant TS = Instant.parse("2024-05-01T12:34:56Z");

    private final TextCodec codec = new TextCodec(ZoneOffset.UTC);

    private String text(Event event) {
        return codec.encode(event);
    }

    @Nested
    class Messages {

        @Test
        void said() {
            assertThat(text(new Event.Said(TS, 1, "lobby", "alice", "hello world", false)))
                    .isEqualTo("[12:34:56] <alice> hello world");
        }

        @Test
        void action() {
            assertThat(text(new Event.Action(TS, 1, "lobby", "alice", "waves", false)))
                    .isEqualTo("[12:34:56] * alice waves");
        }

        @Test
        void privateMessageToThisUser() {
            assertThat(text(new Event.Private(TS, "alice", "bob", "psst", false))).isEqualTo("[12:34:56] *alice* psst");
        }

        @Test
        void privateMessageSentByThisUser() {
            assertThat(text(new Event.Private(TS, "alice", "bob", "psst", true))).isEqualTo("[12:34:56] -> *bob* psst");
        }

        @Test
        void ownMessagesAndActionsHaveNoTextTelnetShowsWhatWasTyped() {
            assertThat(text(new Event.Said(TS, 1, "lobby", "alice", "hello", true))).isNull();
            assertThat(text(new Event.Action(TS, 1, "lobby", "alice", "waves", true))).isNull();
            assertThat(codec.encodeLines(new Event.Said(TS, 1, "lobby", "alice", "hello", true))).isNull();
        }
    }

    @Nested
    class Notices {

        @Test
        void welcomeAndNameQuestion() {
            assertThat(text(new Event.Welcome(TS))).isEqualTo("*** Welcome to chatroom!");
            assertThat(text(new Event.AskName(TS))).isEqualTo("*** What is your name? (1-24 letters, digits, _ or -)");
            assertThat(text(new Event.AskName(TS))).isEqualTo("*** " + TextCodec.ASK_NAME);
        }

        @Test
        void noticeIsItsTextAsIs() {
            assertThat(text(new Event.Notice(TS, "Be nice. (Really.)"))).isEqualTo("*** Be nice. (Really.)");
        }

        @Test
        void hello() {
            assertThat(text(new Event.Hello(TS, "alice"))).isEqualTo("*** Hello alice! Type /help for commands.");
        }

        @Test
        void joinedAndLeft() {
            assertThat(text(new Event.Joined(TS, "lobby", "alice"))).isEqualTo("*** alice joined lobby");
            assertThat(text(new Event.Left(TS, "lobby", "alice", "quit: bye (really)")))
                    .isEqualTo("*** alice left lobby (quit: bye (really))");
        }

        @Test
        void renamedAndTheRenamedUsersOwnLine() {
            assertThat(text(new Event.Renamed(TS, "lobby", "alice", "alice2", false)))
                    .isEqualTo("*** alice is now known as alice2");
            assertThat(text(new Event.Renamed(TS, "lobby", "alice", "alice2", true)))
                    .isEqualTo("*** You are now known as alice2");
        }

        @Test
        void summaryWithJoinsAndLeaves() {
            assertThat(text(new Event.Summary(TS, "r", 2, 1, 4))).isEqualTo("*** 2 joined, 1 left (4 here)");
            assertThat(text(new Event.Summary(TS, "r", 3, 0, 10))).isEqualTo("*** 3 joined (10 here)");
            assertThat(text(new Event.Summary(TS, "r", 0, 5, 0))).isEqualTo("*** 5 left (0 here)");
            assertThat(text(new Event.Summary(TS, "r", 1234, 5678, 12345)))
                    .isEqualTo("*** 1,234 joined, 5,678 left (12,345 here)");
        }

        @Test
        void summaryWithRenames() {
            assertThat(text(new Event.Summary(TS, "r", 3, 2, 5, 2_021))).isEqualTo("*** 3 joined, 2 left, 5 renamed (2,021 here)");
            assertThat(text(new Event.Summary(TS, "r", 0, 0, 1_500, 2_021))).isEqualTo("*** 1,500 renamed (2,021 here)");
            assertThat(text(new Event.Summary(TS, "r", 1, 0, 1, 9))).isEqualTo("*** 1 joined, 1 renamed (9 here)");
            assertThat(text(new Event.Summary(TS, "r", 0, 4, 2, 9))).isEqualTo("*** 4 left, 2 renamed (9 here)");
        }

        @Test
        void enteredShowsTheFirstNamesAndCountsTheRest() {
            assertThat(text(new Event.Entered(TS, "lobby", 1, List.of("alice"))))
                    .isEqualTo("*** You are in lobby. 1 here: alice");
            assertThat(text(new Event.Entered(TS, "dev", 3, List.of("a", "b"))))
                    .isEqualTo("*** You are in dev. 3 here: a, b and 1 more (/who lists all)");
            assertThat(text(new Event.Entered(TS, "big", 12_345, List.of("a"))))
                    .isEqualTo("*** You are in big. 12,345 here: a and 12,344 more (/who lists all)");
        }

        @Test
        void historyHeaderOfAJoinIsSingularForOne() {
            assertThat(text(new Event.HistoryStart(TS, "dev", 1, -1, 0))).isEqualTo("*** Last 1 message in dev:");
            assertThat(text(new Event.HistoryStart(TS, "dev", 2, -1, 0))).isEqualTo("*** Last 2 messages in dev:");
        }

        @Test
        void aJoinWithNothingToReplayHasNoHeaderAndTheEndOfAReplayHasNoText() {
            assertThat(text(new Event.HistoryStart(TS, "dev", 0, -1, 0))).isNull();
            assertThat(text(new Event.HistoryEnd(TS, "dev"))).isNull();
        }

        @Test
        void historyHeaderOfAResume() {
            assertThat(text(new Event.HistoryStart(TS, "dev", 0, 42, 0))).isEqualTo("*** No new messages in dev");
            assertThat(text(new Event.HistoryStart(TS, "dev", 1, 42, 0))).isEqualTo("*** 1 new message in dev:");
            assertThat(text(new Event.HistoryStart(TS, "dev", 1_500, 42, 0))).isEqualTo("*** 1,500 new messages in dev:");
            assertThat(text(new Event.HistoryStart(TS, "dev", 2, 42, 1)))
                    .isEqualTo("*** 2 new messages in dev; 1 older one is no longer kept:");
            // Nothing kept to replay (--history 0): no colon announcing lines that never come.
            assertThat(text(new Event.HistoryStart(TS, "dev", 0, 42, 12_345)))
                    .isEqualTo("*** 12,345 new messages in dev are no longer kept");
            assertThat(text(new Event.HistoryStart(TS, "dev", 0, 42, 1)))
                    .isEqualTo("*** 1 new message in dev is no longer kept");
        }

        @Test
        void historyPageHeaderSaysHowManyEarlierMessagesFollow() {
            assertThat(text(new Event.HistoryPage(TS, "lobby", 20, 1234, true))).isEqualTo("*** 20 earlier messages in lobby:");
            assertThat(text(new Event.HistoryPage(TS, "lobby", 1, 1234, false))).isEqualTo("*** 1 earlier message in lobby:");
            assertThat(text(new Event.HistoryPage(TS, "lobby", 1_500, 1234, false)))
                    .isEqualTo("*** 1,500 earlier messages in lobby:");
            assertThat(text(new Event.HistoryPage(TS, "lobby", 0, 1234, false))).isEqualTo("*** No earlier messages in lobby");
        }

        @Test
        void historyPageHeaderReadsBackWithWhatItShows() {
            assertThat(TextCodec.parse("*** 20 earlier messages in lobby:"))
                    .isEqualTo(new Event.HistoryPage(null, "lobby", 20, 0, false));
            assertThat(TextCodec.parse("*** No earlier messages in dev")).isEqualTo(new Event.HistoryPage(null, "dev", 0, 0, false));
            assertThat(TextCodec.parse("!!! History is busy; try again in a moment"))
                    .isEqualTo(new Event.Error(null, "history_busy", "History is busy; try again in a moment"));
        }

        @Test
        void who() {
            assertThat(text(new Event.Who(TS, "lobby", List.of("alice", "bob", "carol"))))
                    .isEqualTo("*** 3 in lobby: alice, bob, carol");
            assertThat(text(new Event.Who(TS, "lobby", List.of("alice")))).isEqualTo("*** 1 in lobby: alice");
        }

        @Test
        void whoOnSeveralPagesSaysWhichAndHowToAskForTheNext() {
            assertThat(text(new Event.Who(TS, "big", 9_800, List.of("a", "b"), 1, 98)))
                    .isEqualTo("*** 9,800 in big: a, b (page 1 of 98, /who 2 for more)");
            assertThat(text(new Event.Who(TS, "big", 9_800, List.of("y", "z"), 98, 98)))
                    .isEqualTo("*** 9,800 in big: y, z (page 98 of 98)");
            assertThat(text(new Event.Who(TS, "big", 123_456, List.of("a"), 1_234, 1_235)))
                    .isEqualTo("*** 123,456 in big: a (page 1234 of 1235, /who 1235 for more)");
        }

        @Test
        void roomsOnSeveralPages() {
            assertThat(text(new Event.Rooms(TS, 150, List.of(new Event.RoomCount("a", 3)), 1, 2)))
                    .isEqualTo("*** 150 rooms: a (3) (page 1 of 2, /rooms 2 for more)");
            assertThat(text(new Event.Rooms(TS, 150, List.of(new Event.RoomCount("z", 1_234)), 2, 2)))
                    .isEqualTo("*** 150 rooms: z (1,234) (page 2 of 2)");
        }

        @Test
        void roomsWithCounts() {
            assertThat(text(new Event.Rooms(TS, List.of(new Event.RoomCount("dev", 3),
                    new Event.RoomCount("lobby", 1_234))))).isEqualTo("*** 2 rooms: dev (3), lobby (1,234)");
            assertThat(text(new Event.Rooms(TS, List.of(new Event.RoomCount("lobby", 1)))))
                    .isEqualTo("*** 1 room: lobby (1)");
        }

        @Test
        void formatByeAndShutdown() {
            assertThat(text(new Event.FormatSet(TS, Format.JSON))).isEqualTo("*** Format: json");
            assertThat(text(new Event.FormatSet(TS, Format.TEXT))).isEqualTo("*** Format: text");
            assertThat(text(new Event.Bye(TS))).isEqualTo("*** Bye!");
            assertThat(text(new Event.ShuttingDown(TS))).isEqualTo("*** Server shutting down, bye!");
        }
    }

    @Nested
    class Help {

        private List<String> lines(boolean operator) {
            return List.of(text(new Event.Help(TS, operator)).split("\r\n", -1));
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void isATitleALinePerCommandInOrderAndTheRuleForMessages(boolean operator) {
            List<String> lines = lines(operator);
            List<CommandSpec> specs = CommandSpec.visible(operator);
            assertThat(lines).hasSize(specs.size() + 2);
            assertThat(lines.get(0)).isEqualTo("*** Commands:");
            for (int i = 0; i < specs.size(); i++) {
                assertThat(lines.get(i + 1)).matches("\\*\\*\\*   \\Q" + specs.get(i).usage() + "\\E +\\Q"
                        + specs.get(i).description() + "\\E");
            }
            assertThat(lines.get(lines.size() - 1)).isEqualTo("*** " + CommandSpec.MESSAGE_RULE);
        }

        @Test
        void aUserSeesNoOperatorCommandAndAnOperatorSeesThemAllAfterTheUsersOnes() {
            assertThat(lines(false)).noneMatch(line -> line.startsWith("***   /kick"));
            assertThat(lines(true)).anyMatch(line -> line.startsWith("***   /kick NAME [REASON]"));
            assertThat(CommandSpec.visible(false)).allMatch(spec -> spec.role() == CommandSpec.Role.USER);
            assertThat(CommandSpec.visible(true)).containsExactly(CommandSpec.values());
            assertThat(CommandSpec.visible(true).subList(0, CommandSpec.visible(false).size()))
                    .isEqualTo(CommandSpec.visible(false));
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void everyDescriptionStartsInTheSameColumnAfterAtLeastTwoSpaces(boolean operator) {
            List<String> lines = lines(operator);
            List<Integer> columns = new java.util.ArrayList<>();
            for (CommandSpec spec : CommandSpec.visible(operator)) {
                String line = lines.stream().filter(l -> l.startsWith("***   " + spec.usage() + " ")).findFirst()
                        .orElseThrow();
                int column = line.indexOf(spec.description(), 6 + spec.usage().length());
                assertThat(line.substring(6 + spec.usage().length(), column)).as(spec.usage()).matches("  +");
                columns.add(column);
            }
            assertThat(columns).as("description columns").containsOnly(columns.get(0));
        }
    }

    /** The lines of registered names and operators, as PROTOCOL.md shows them. */
    @Nested
    class Operators {

        private final Instant later = TS.plus(Duration.ofHours(2));

        @Test
        void passwordDialogue() {
            assertThat(text(new Event.PasswordNeeded(TS, "alice", 52, false)))
                    .isEqualTo("*** The name alice is registered: send /identify PASSWORD within 52 s, or choose another name");
            assertThat(text(new Event.PasswordNeeded(TS, "alice", 60, true))).isEqualTo("*** The name alice is registered"
                    + " and in use: send /identify PASSWORD within 60 s to take it over, or choose another name");
            assertThat(text(new Event.Identified(TS, "alice"))).isEqualTo("*** You are identified as alice");
            assertThat(text(new Event.Replaced(TS, "203.0.113.7")))
                    .isEqualTo("*** You were replaced by a new login from 203.0.113.7");
        }

        @Test
        void kicksAndBans() {
            assertThat(text(new Event.Kicked(TS, "lobby", "bob", "alice", "spam", false)))
                    .isEqualTo("*** bob left lobby, kicked by alice (spam)");
            assertThat(text(new Event.Kicked(TS, "lobby", "bob", "alice", "", true))).isEqualTo("*** You were kicked by alice");
            assertThat(text(new Event.Banned(TS, "lobby", "bob", "alice", later, "spam", 0, false)))
                    .isEqualTo("*** bob left lobby, banned by alice for 2 h (spam)");
            assertThat(text(new Event.Banned(TS, null, null, "alice", null, "", 0, true)))
                    .isEqualTo("*** You are banned from this server by alice permanently");
            assertThat(text(new Event.Banned(TS, null, "203.0.113.0/24", "alice", TS.plus(Duration.ofDays(7)), "", 2, false)))
                    .isEqualTo("*** 203.0.113.0/24 is banned for 7 days (2 connections closed)");
            assertThat(text(new Event.Unbanned(TS, "bob", "alice"))).isEqualTo("*** The ban on bob is lifted");
        }

        @Test
        void theListOfBansHasALineEachWithItsDatesInUtc() {
            Event.Bans bans = new Event.Bans(TS, 2, List.of(
                    new Event.BanEntry("bob (203.0.113.7)", "alice", TS, later, "spam"),
                    new Event.BanEntry("2001:db8::/48", "carol", TS, null, "")), 1, 1);

            assertThat(text(bans)).isEqualTo("*** 2 bans:\r\n"
                    + "***   bob (203.0.113.7) by alice on 2024-05-01 12:34 UTC, until 2024-05-01 14:34 UTC (spam)\r\n"
                    + "***   2001:db8::/48 by carol on 2024-05-01 12:34 UTC, until lifted");
            assertThat(text(new Event.Bans(TS, 0, List.of(), 1, 1))).isEqualTo("*** No bans");
        }

        @Test
        void mutes() {
            assertThat(text(new Event.Muted(TS, "lobby", "bob", "alice", TS.plus(Duration.ofMinutes(10)), false)))
                    .isEqualTo("*** bob was muted by alice for 10 min");
            assertThat(text(new Event.Muted(TS, null, "bob", "alice", TS.plus(Duration.ofMinutes(10)), true)))
                    .isEqualTo("*** You were muted by alice for 10 min: your lines are not sent");
            assertThat(text(new Event.Unmuted(TS, "lobby", "bob", "alice", false))).isEqualTo("*** bob was unmuted by alice");
            assertThat(text(new Event.Unmuted(TS, "lobby", "bob", null, false))).isEqualTo("*** bob may speak again");
            assertThat(text(new Event.Unmuted(TS, null, "bob", null, true))).isEqualTo("*** You may speak again");
        }

        @Test
        void topics() {
            assertThat(text(new Event.Topic(TS, "lobby", "Be nice", "alice", false)))
                    .isEqualTo("*** Topic of lobby: Be nice (set by alice)");
            assertThat(text(new Event.Topic(TS, "lobby", "Be nice", "alice", true)))
                    .isEqualTo("*** alice set the topic of lobby to: Be nice");
            assertThat(text(new Event.Topic(TS, "lobby", "", "alice", true))).isEqualTo("*** alice cleared the topic of lobby");
            assertThat(text(new Event.Topic(TS, "lobby", "", null, false))).isEqualTo("*** lobby has no topic");
        }

        @Test
        void aWallIsTimedLikeAMessageButCannotBeOneAUserSends() {
            assertThat(text(new Event.Wall(TS, "alice", "restart at noon")))
                    .isEqualTo("[12:34:56] [operator alice to everyone] restart at noon");
        }

        @Test
        void operatorAndRegistration() {
            assertThat(text(new Event.Oper(TS, "root", true)))
                    .isEqualTo("*** You are now an operator (type /help for the operator commands)");
            assertThat(text(new Event.Oper(TS, "root", false))).isEqualTo("*** You are no longer an operator");
            assertThat(text(new Event.Registered(TS, "alice", false)))
                    .isEqualTo("*** The name alice is registered to you: from now on it needs /identify PASSWORD");
            assertThat(text(new Event.Registered(TS, "alice", true))).isEqualTo("*** The name alice is no longer registered");
            assertThat(text(new Event.PasswordChanged(TS, "alice"))).isEqualTo("*** The password of alice is changed");
        }
    }

    @Nested
    class ErrorsAndOthers {

        @Test
        void errorIsItsText() {
            assertThat(text(Problem.NAME_TAKEN.event(TS, "bob"))).isEqualTo("!!! The name bob is taken, try another");
            assertThat(text(new Event.Error(TS, "whatever", "Slow down"))).isEqualTo("!!! Slow down");
        }

        @Test
        void otherIsItsTextAsItCameAndNothingWithoutText() {
            assertThat(text(new Event.Other(TS, "poll", "Vote now"))).isEqualTo("Vote now");
            assertThat(text(new Event.Other(TS, "poll", null))).isNull();
        }
    }

    @Test
    void everyLineStartsWithItsKind() {
        for (Event event : EveryEvent.samples(TS)) {
            String text = text(event);
            if (text == null || event instanceof Event.Other) {
                continue;
            }
            String kind = event instanceof Event.Said || event instanceof Event.Action || event instanceof Event.Private
                    || event instanceof Event.Wall ? "[12:34:56] " : event instanceof Event.Error ? "!!! " : "*** ";
            assertThat(text.split("\r\n", -1)).as("%s", event).allMatch(line -> line.startsWith(kind));
        }
    }

    @Test
    void encodeLinesIsTheTextInUtf8EndingInCrLf() {
        Event event = new Event.Said(TS, 1, "lobby", "alice", "h\u00e9llo \uD83D\uDE00", false);

        assertThat(codec.encodeLines(event))
                .isEqualTo((text(event) + "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(new String(codec.encodeLines(new Event.Help(TS)), StandardCharsets.UTF_8))
                .isEqualTo(text(new Event.Help(TS)) + "\r\n");
        assertThat(codec.encodeLines(new Event.HistoryEnd(TS, "dev"))).isNull();
    }

    @Nested
    class Counts {

        @Test
        void useCommasWhateverTheDefaultLocale() {
            Locale saved = Locale.getDefault();
            try {
                Locale.setDefault(Locale.GERMANY);
                assertThat(TextCodec.count(1_234_567)).isEqualTo("1,234,567");
                assertThat(text(new Event.Summary(TS, "r", 1_234, 0, 5_678))).isEqualTo("*** 1,234 joined (5,678 here)");
            } finally {
                Locale.setDefault(saved);
            }
            assertThat(TextCodec.count(0)).isEqualTo("0");
            assertThat(TextCodec.count(999)).isEqualTo("999");
            assertThat(TextCodec.count(1_000)).isEqualTo("1,000");
            assertThat(TextCodec.count(Long.MAX_VALUE)).isEqualTo("9,223,372,036,854,775,807");
        }

        @Test
        void timesUseAsciiDigitsWhateverTheDefaultLocale() {
            Locale saved = Locale.getDefault();
            try {
                Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
                assertThat(new TextCodec(ZoneOffset.UTC).time(TS)).isEqualTo("12:34:56");
                assertThat(TextCodec.count(1_234)).isEqualTo("1,234");
            } finally {
                Locale.setDefault(saved);
            }
        }
    }

    /** The {@code HH:MM:SS} of message lines: the server's old {@code TimeStamps}, now inside the codec. */
    @Nested
    class Time {

        private String time(TextCodec codec, Instant ts) {
            String line = codec.encode(new Event.Said(ts, 1, "r", "a", "x", false));
            return line.substring(1, line.indexOf(']'));
        }

        @Test
        void formatsHoursMinutesSeconds() {
            assertThat(time(codec, TS)).isEqualTo("12:34:56");
        }

        @Test
        void padsWithZeros() {
            assertThat(time(codec, Instant.parse("2024-01-02T01:02:03.999Z"))).isEqualTo("01:02:03");
        }

        @Test
        void midnight() {
            assertThat(time(codec, Instant.parse("2024-01-02T00:00:00Z"))).isEqualTo("00:00:00");
        }

        @Test
        void usesTheCodecsZone() {
            assertThat(time(new TextCodec(ZoneId.of("America/New_York")), TS)).isEqualTo("08:34:56");
            assertThat(time(new TextCodec(ZoneId.of("Asia/Kolkata")), TS)).isEqualTo("18:04:56");
        }

        @Test
        void followsDaylightSavingTime() {
            TextCodec berlin = new TextCodec(ZoneId.of("Europe/Berlin"));
            // 2024-03-31 00:59:59 UTC is 01:59:59 CET; one second later the clocks jump to 03:00:00 CEST.
            Instant before = Instant.parse("2024-03-31T00:59:59Z");
            assertThat(time(berlin, before)).isEqualTo("01:59:59");
            assertThat(time(berlin, before.plusSeconds(1))).isEqualTo("03:00:00");
        }

        @Test
        void followsTheEventsFromSecondToSecond() {
            TextCodec codec = new TextCodec(ZoneId.of("Asia/Kolkata"));
            Instant ts = Instant.parse("2024-05-01T12:34:56.000Z");

            assertThat(time(codec, ts)).isEqualTo("18:04:56");
            assertThat(time(codec, ts.plusMillis(999))).isEqualTo("18:04:56");
            assertThat(time(codec, ts.plusMillis(1000))).isEqualTo("18:04:57");
            assertThat(time(codec, ts.plus(Duration.ofMinutes(90)))).isEqualTo("19:34:56");
        }

        @Test
        void followsEventsThatGoBack() {
            TextCodec codec = new TextCodec(ZoneOffset.UTC);
            time(codec, Instant.parse("2024-05-01T12:34:56Z"));

            assertThat(time(codec, Instant.parse("2024-05-01T11:00:00Z"))).isEqualTo("11:00:00");
        }

        @Test
        void beforeTheEpochRoundsDownToTheSecond() {
            Instant ts = Instant.parse("1969-12-31T23:59:59.500Z");

            assertThat(time(codec, ts)).isEqualTo("23:59:59");
            assertThat(time(codec, ts.plusMillis(500))).isEqualTo("00:00:00");
        }

        @Test
        void theSameSecondGivesTheSameString() {
            Instant ts = Instant.parse("2024-05-01T12:34:56.100Z");
            String first = codec.time(ts);

            assertThat(codec.time(ts.plusMillis(800))).isSameAs(first);
            assertThat(codec.time(ts.plusMillis(900))).isNotSameAs(first).isEqualTo("12:34:57");
        }
    }
}
