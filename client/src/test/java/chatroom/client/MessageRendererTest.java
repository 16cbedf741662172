package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.NameColors;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRendererTest {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final Instant TS = Instant.parse("2026-01-15T12:34:56Z");

    private final MessageRenderer colour = new MessageRenderer(true, ZoneOffset.UTC);
    private final MessageRenderer plain = new MessageRenderer(false, ZoneOffset.UTC);

    private static Event.Said said(String from, String text) {
        return new Event.Said(TS, 1, "lobby", from, text, false);
    }

    /** Every event the server's text form has a line for, but messages: the client shows the same text. */
    static Stream<Event> notices() {
        return Stream.of(new Event.Welcome(TS), new Event.Notice(TS, "Be nice."), new Event.AskName(TS),
                new Event.Hello(TS, "alice"), new Event.Joined(TS, "lobby", "bob"),
                new Event.Left(TS, "lobby", "bob", "quit: lunch"), new Event.Renamed(TS, "lobby", "bob", "rob", false),
                new Event.Renamed(TS, "lobby", "alice", "al", true), new Event.Summary(TS, "lobby", 37, 5, 4210),
                new Event.Entered(TS, "lobby", 3, List.of("bob", "carol", "alice")),
                new Event.Who(TS, "lobby", List.of("alice", "bob")),
                new Event.Rooms(TS, List.of(new Event.RoomCount("dev", 1), new Event.RoomCount("lobby", 3))),
                new Event.Bye(TS), new Event.ShuttingDown(TS), Problem.NO_SUCH_USER.event(TS, "carol"),
                new Event.PasswordNeeded(TS, "alice", 52, false), new Event.Identified(TS, "alice"),
                new Event.Registered(TS, "alice", false), new Event.PasswordChanged(TS, "alice"),
                new Event.Oper(TS, "root", true), new Event.Kicked(TS, "lobby", "bob", "alice", "spam", false),
                new Event.Kicked(TS, null, "bob", "alice", "", true),
                new Event.Banned(TS, "lobby", "bob", "alice", TS.plusSeconds(7_200), "spam", 0, false),
                new Event.Banned(TS, null, "203.0.113.0/24", "alice", null, "", 2, false),
                new Event.Unbanned(TS, "bob", "alice"), new Event.Bans(TS, 0, List.of(), 1, 1),
                new Event.Muted(TS, "lobby", "bob", "alice", TS.plusSeconds(600), false),
                new Event.Unmuted(TS, "lobby", "bob", null, false),
                new Event.Topic(TS, "lobby", "Be nice", "alice", false), new Event.Topic(TS, "lobby", "", "alice", true),
                new Event.Replaced(TS, "203.0.113.7"));
    }

    @ParameterizedTest
    @MethodSource("notices")
    void noticesAndErrorsReadAsTheServersTextForm(Event event) {
        String expected = new TextCodec(ZoneOffset.UTC).encode(event);
        assertThat(colour.render(event, "alice", false)).singleElement().asString().isEqualTo(expected);
        assertThat(plain.render(event, "alice", false)).singleElement().asString().isEqualTo(expected);
    }

    @Test
    void aWallIsTheServersLineWithTheOperatorsNameInItsColour() {
        Event.Wall wall = new Event.Wall(TS, "alice", "restart at noon");

        AttributedString line = colour.render(wall, "bob", false).get(0);

        assertThat(line.toString()).isEqualTo(new TextCodec(ZoneOffset.UTC).encode(wall));
        int at = line.toString().indexOf("alice");
        assertThat(line.styleAt(at)).isEqualTo(PLAIN.foreground(NameColors.of("alice")));
        assertThat(line.styleAt(line.length() - 1)).isEqualTo(PLAIN.bold());
    }

    @Test
    void messagesShowTheirTimeInTheUsersZone() {
        MessageRenderer paris = new MessageRenderer(false, ZoneId.of("Europe/Paris"));
        Instant noon = Instant.parse("2026-01-15T12:00:00Z");
        assertThat(text(paris.render(new Event.Said(noon, 1, "lobby", "bob", "hi", false), "alice", false)))
                .containsExactly("[13:00:00] <bob> hi");
        assertThat(text(paris.render(new Event.Private(noon, "alice", "bob", "psst", true), "alice", false)))
                .containsExactly("[13:00:00] -> *bob* psst");
        MessageRenderer tokyo = new MessageRenderer(false, ZoneId.of("Asia/Tokyo"));
        assertThat(text(tokyo.render(new Event.Action(noon, 2, "lobby", "bob", "waves", false), "alice", false)))
                .containsExactly("[21:00:00] * bob waves");
    }

    @Test
    void ownMessagesAndOthersLookTheSame() {
        assertThat(text(plain.render(new Event.Said(TS, 1, "lobby", "alice", "hi", true), "alice", false)))
                .containsExactly("[12:34:56] <alice> hi");
        assertThat(text(plain.render(new Event.Action(TS, 1, "lobby", "alice", "waves", true), "alice", false)))
                .containsExactly("[12:34:56] * alice waves");
    }

    @Test
    void helpIsOneLinePerCommandFromCommandSpec() {
        List<String> lines = text(plain.render(new Event.Help(TS, true), "alice", false));
        assertThat(lines).hasSizeGreaterThan(CommandSpec.values().length);
        for (CommandSpec spec : CommandSpec.values()) {
            assertThat(lines).anyMatch(line -> line.contains(spec.usage()) && line.endsWith(spec.description()));
        }
    }

    @Test
    void theHistoryMarkersSayWhatIsReplayed() {
        assertThat(marker(new Event.HistoryStart(TS, "dev", 1, -1, 0))).containsExactly("--- 1 earlier message in dev");
        assertThat(marker(new Event.HistoryStart(TS, "dev", 1200, -1, 0)))
                .containsExactly("--- 1,200 earlier messages in dev");
        assertThat(marker(new Event.HistoryStart(TS, "dev", 0, -1, 0))).isEmpty();
        assertThat(marker(new Event.HistoryStart(TS, "dev", 2, 40, 0))).containsExactly("--- 2 new messages in dev");
        assertThat(marker(new Event.HistoryStart(TS, "dev", 2, 40, 1)))
                .containsExactly("--- 2 new messages in dev; 1 older one is no longer kept");
        assertThat(marker(new Event.HistoryStart(TS, "dev", 0, 40, 0))).isEmpty();
        assertThat(marker(new Event.HistoryStart(TS, "dev", 0, 40, 5)))
                .containsExactly("--- 5 new messages in dev, no longer kept");
        assertThat(marker(new Event.HistoryEnd(TS, "dev"))).containsExactly("--- end of history");
    }

    @Test
    void aHistoryPageSaysHowManyEarlierMessagesAndItsEndHowToAskForTheOnesBefore() {
        assertThat(marker(new Event.HistoryPage(TS, "dev", 20, 1234, true))).containsExactly("--- 20 earlier messages in dev");
        assertThat(marker(new Event.HistoryPage(TS, "dev", 1, 1234, false))).containsExactly("--- 1 earlier message in dev");
        assertThat(marker(new Event.HistoryPage(TS, "dev", 0, 1234, false))).containsExactly("--- no earlier messages in dev");
        assertThat(plain.pageEnd(new Event.HistoryPage(TS, "dev", 20, 1234, true), 1100).toString())
                .isEqualTo("--- end of history (/history dev 1100 for earlier ones)");
        assertThat(plain.pageEnd(new Event.HistoryPage(TS, "dev", 20, 1234, false), 1100).toString())
                .isEqualTo("--- end of history");
    }

    @Test
    void aReplayedMessageIsFaintThroughout() {
        AttributedString line = colour.render(said("bob", "hello"), "alice", true).get(0);
        assertThat(styleOf(line, "[12:34:56]")).isEqualTo(PLAIN.faint());
        assertThat(styleOf(line, "bob")).isEqualTo(PLAIN.foreground(NameColors.of("bob")).faint());
        assertThat(styleOf(line, "hello")).isEqualTo(PLAIN.faint());
        AttributedString marker = colour.render(new Event.HistoryStart(TS, "dev", 1, -1, 0), "alice", true).get(0);
        assertThat(styleOf(marker, "earlier")).isEqualTo(PLAIN.faint());
    }

    @Test
    void othersNamesHaveTheirColour() {
        AttributedString line = colour.render(said("bob", "hello"), "alice", false).get(0);
        assertThat(styleOf(line, "bob")).isEqualTo(PLAIN.foreground(NameColors.of("bob")));
        assertThat(styleOf(line, "hello")).isEqualTo(PLAIN);
        assertThat(styleOf(line, "[12:34:56]")).isEqualTo(PLAIN.faint());
    }

    @Test
    void theUsersOwnNameIsBoldInItsColour() {
        AttributedString line = colour.render(said("Alice", "hello"), "alice", false).get(0);
        assertThat(styleOf(line, "Alice")).isEqualTo(PLAIN.foreground(NameColors.of("alice")).bold());
    }

    @Test
    void noticesAreFaintAndErrorsBoldRed() {
        AttributedString joined = colour.render(new Event.Joined(TS, "lobby", "bob"), "alice", false).get(0);
        assertThat(styleOf(joined, "***")).isEqualTo(styleOf(joined, "lobby")).isEqualTo(PLAIN.faint());
        AttributedString error = colour.render(Problem.NAME_FIRST.event(TS), null, false).get(0);
        assertThat(styleOf(error, "!!!")).isEqualTo(styleOf(error, "first"))
                .isEqualTo(PLAIN.bold().foreground(AttributedStyle.RED));
    }

    @Test
    void privateMessagesAreMagenta() {
        AttributedString from = colour.render(new Event.Private(TS, "bob", "alice", "psst", false), "alice", false)
                .get(0);
        assertThat(from.toString()).isEqualTo("[12:34:56] *bob* psst");
        assertThat(styleOf(from, "*bob*")).isEqualTo(PLAIN.foreground(AttributedStyle.MAGENTA).bold());
        assertThat(styleOf(from, "psst")).isEqualTo(PLAIN.foreground(AttributedStyle.MAGENTA));
        AttributedString to = colour.render(new Event.Private(TS, "alice", "bob", "psst", true), "alice", false)
                .get(0);
        assertThat(styleOf(to, "-> *bob*")).isEqualTo(PLAIN.foreground(AttributedStyle.MAGENTA).bold());
    }

    @Test
    void actionsAreItalicWithTheNameInItsColour() {
        AttributedString line = colour.render(new Event.Action(TS, 1, "lobby", "bob", "waves", false), "alice", false)
                .get(0);
        assertThat(styleOf(line, "* ")).isEqualTo(PLAIN.italic());
        assertThat(styleOf(line, "bob")).isEqualTo(PLAIN.foreground(NameColors.of("bob")));
        assertThat(styleOf(line, "waves")).isEqualTo(PLAIN.italic());
    }

    @Test
    void withoutColourNothingIsStyled() {
        List<Event> events = List.of(said("alice", "hi"), Problem.NAME_FIRST.event(TS),
                new Event.Private(TS, "bob", "alice", "psst", false), new Event.HistoryStart(TS, "dev", 1, -1, 0));
        for (Event event : events) {
            for (boolean replayed : new boolean[] {false, true}) {
                AttributedString rendered = plain.render(event, "alice", replayed).get(0);
                for (int i = 0; i < rendered.length(); i++) {
                    assertThat(rendered.styleAt(i)).as("%s at %d", rendered, i).isEqualTo(PLAIN);
                }
            }
        }
        assertThat(plain.note("offline").toAnsi()).isEqualTo("--- offline");
    }

    @Test
    void aMessageFromATextLineHasNoInstantAndShowsNoTime() {
        assertThat(text(plain.render(new Event.Said(null, 0, null, "bob", "hi", false), "alice", false)))
                .containsExactly("<bob> hi");
    }

    @Test
    void anUnknownEventShowsItsTextOrNothing() {
        assertThat(text(plain.render(new Event.Other(TS, "poll", "Lunch? yes/no"), "alice", false)))
                .containsExactly("Lunch? yes/no");
        assertThat(plain.render(new Event.Other(TS, "typing", null), "alice", false)).isEmpty();
    }

    @Test
    void theClientsOwnNotesStandApart() {
        AttributedString bye = colour.render(new Event.Bye(TS), null, false).get(0);
        assertThat(colour.note("Connection lost.").toString()).isEqualTo("--- Connection lost.");
        assertThat(styleOf(colour.note("Connection lost."), "lost")).isNotEqualTo(styleOf(bye, "Bye"));
    }

    private List<String> marker(Event event) {
        return text(plain.render(event, "alice", true));
    }

    private static List<String> text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).toList();
    }

    private static AttributedStyle styleOf(AttributedString line, String part) {
        int at = line.toString().indexOf(part);
        assertThat(at).as("'%s' in '%s'", part, line).isNotNegative();
        return line.styleAt(at);
    }
}
