package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.testing.Awkward;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text contract: every line the server writes reads back, with {@link TextCodec#parse},
 * as an event of the same kind that writes the very same line. That is what lets a client
 * understand the server's text without a second copy of its wording.
 *
 * <p>A text line shows a message's time of day but not its date or zone, so the lines here are
 * written by a codec for UTC, the zone {@code parse} reads the time back in.
 */
class TextContractTest {

    private static final Instant TS = Instant.parse("2026-03-14T09:26:53.589Z");

    private final TextCodec codec = new TextCodec(ZoneOffset.UTC);

    @Test
    void theSamplesCoverEveryEventType() {
        EveryEvent.assertCoversEveryType(EveryEvent.samples(TS));
    }

    @Test
    void everyLineOfEveryEventParsesBackToAnEventOfTheSameKindThatWritesTheSameLine() {
        for (Event event : EveryEvent.samples(TS)) {
            String text = codec.encode(event);
            if (text == null) {
                assertThat(EveryEvent.hasNoText(event)).as("%s encodes to nothing but is documented to", event).isTrue();
                continue;
            }
            assertThat(EveryEvent.hasNoText(event)).as("%s is documented to have no text", event).isFalse();
            List<String> lines = List.of(text.split("\r\n", -1));
            for (String line : lines) {
                Event parsed = TextCodec.parse(line);
                assertThat(codec.encode(parsed)).as("%s, line %s, parsed as %s", event, line, parsed).isEqualTo(line);
                Class<?> kind = lines.size() > 1 ? Event.Notice.class : event.getClass();
                assertThat(parsed).as("line %s of %s", line, event).isInstanceOf(kind);
            }
            if (!(event instanceof Event.Help || event instanceof Event.Bans bans && !bans.bans().isEmpty())) {
                assertThat(lines).as("%s is one line", event).hasSize(1);
            }
        }
    }

    @Test
    void anErrorLineGivesItsProblemsCodeBack() {
        for (Event event : EveryEvent.samples(TS)) {
            if (event instanceof Event.Error error) {
                Event.Error parsed = (Event.Error) TextCodec.parse(codec.encode(error));
                String expected = Problem.ofCode(error.code()) != null ? error.code() : "error";
                assertThat(parsed.code()).as(error.text()).isEqualTo(expected);
                assertThat(parsed.text()).isEqualTo(error.text());
            }
        }
    }

    @Test
    void aMessageLineKeepsItsTimeOfDayWhateverZoneItWasWrittenIn() {
        TextCodec kolkata = new TextCodec(ZoneId.of("Asia/Kolkata"));
        String line = kolkata.encode(new Event.Said(Instant.parse("2024-05-01T12:34:56.789Z"), 7, "dev", "bob", "hi", false));

        Event parsed = TextCodec.parse(line);

        assertThat(line).isEqualTo("[18:04:56] <bob> hi");
        assertThat(parsed).isEqualTo(new Event.Said(Instant.parse("1970-01-01T18:04:56Z"), 0, null, "bob", "hi", false));
        assertThat(codec.encode(parsed)).isEqualTo(line);
    }

    @Nested
    class Lines {

        @Test
        void aMessageThatQuotesANoticeIsAMessage() {
            assertThat(TextCodec.parse("[12:00:00] <bob> *** alice joined lobby"))
                    .isEqualTo(new Event.Said(Instant.parse("1970-01-01T12:00:00Z"), 0, null, "bob",
                            "*** alice joined lobby", false));
        }

        @Test
        void eachKindOfTimedLine() {
            Instant noon = Instant.parse("1970-01-01T12:00:00Z");
            assertThat(TextCodec.parse("[12:00:00] * bob waves"))
                    .isEqualTo(new Event.Action(noon, 0, null, "bob", "waves", false));
            assertThat(TextCodec.parse("[12:00:00] *bob* psst"))
                    .isEqualTo(new Event.Private(noon, "bob", null, "psst", false));
            assertThat(TextCodec.parse("[12:00:00] -> *bob* psst"))
                    .isEqualTo(new Event.Private(noon, null, "bob", "psst", true));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "[24:00:00] <bob> hi", "[12:60:00] <bob> hi", "[12:00:60] <bob> hi", "[1:00:00] <bob> hi",
            "[12:00:00] <bad name> hi", "[12:00:00] <bob>hi", "[12:00:00] hi", "[12:00:00]",
            "plain text", "", "**** Bye!", "*** ", "!!!"
        })
        void aLineThatIsNoKnownKindIsOtherOrNoticeAndShowsAsItCame(String line) {
            Event parsed = TextCodec.parse(line);

            assertThat(parsed).isInstanceOfAny(Event.Other.class, Event.Notice.class);
            assertThat(codec.encode(parsed)).isEqualTo(line);
        }

        @Test
        void anUnknownLineIsOtherWithNoType() {
            assertThat(TextCodec.parse("NOTICE AUTH :*** Looking up your hostname"))
                    .isEqualTo(new Event.Other(null, null, "NOTICE AUTH :*** Looking up your hostname"));
        }

        @Test
        void anUnknownErrorKeepsItsTextUnderTheCodeError() {
            assertThat(TextCodec.parse("!!! Slow down")).isEqualTo(new Event.Error(null, "error", "Slow down"));
        }

        @Test
        void anErrorLineGetsItsCodeFromItsText() {
            assertThat(TextCodec.parse("!!! The name bob is taken, try another"))
                    .isEqualTo(new Event.Error(null, "name_taken", "The name bob is taken, try another"));
        }
    }

    @Nested
    class Notices {

        /**
         * Free text from the server (the message of the day) can look like a known notice
         * without being written the way the server writes one. It must not turn into that
         * event: the event would show different text.
         */
        @ParameterizedTest
        @ValueSource(strings = {
            "007 joined (3 here)",
            "1234 joined (3 here)",
            "1 joined1 left (3 here)",
            "3 in lobby: alice",
            "0 in lobby: alice",
            "You are in dev. 3 here: alice and 7 more (/who lists all)",
            "You are in dev. 1 here: alice and 0 more (/who lists all)",
            "Last 1 messages in dev:",
            "Last 2 message in dev:",
            "Last 0 messages in dev:",
            "1 new messages in dev:",
            "0 new messages in dev:",
            "2 new messages in dev; 1 older ones are no longer kept:",
            "2 new messages in dev; 0 older ones are no longer kept:",
            "1 earlier messages in dev:",
            "2 earlier message in dev:",
            "0 earlier messages in dev:",
            "1000 earlier messages in dev:",
            "No earlier messages in dev:",
            "2 rooms: dev (1)",
            "1 rooms: dev (1)",
            "1 room: dev (01)",
            "Format: JSON",
            "Format: xml",
            "2,147,483,648 joined (1 here)",
            "99,999,999,999,999,999,999 joined (1 here)",
            "1 joined, 2 renamed, (3 here)",
            "1 renamed, 1 joined (3 here)",
            "0 renamed (3 here)",
            "1 in lobby: alice (page 1 of 1)",
            "250 in lobby: alice (page 1 of 3, /who 3 for more)",
            "250 in lobby: alice (page 3 of 3, /who 4 for more)",
            "250 in lobby: alice (page 1 of 3)",
            "250 in lobby: alice (page 01 of 3, /who 2 for more)",
            "250 in lobby: alice (page 1 of 3, /rooms 2 for more)",
            "250 in lobby: alice (page 1 of 3,000, /who 2 for more)",
            "150 rooms: dev (1) (page 1 of 2, /who 2 for more)",
            "150 rooms: dev (1) (page 2 of 2, /rooms 3 for more)",
            "3 rooms: dev (1) (page 1 of 1)",
        })
        void aNoticeThatIsNotWrittenAsTheServerWouldStaysANotice(String text) {
            assertThat(TextCodec.parse("*** " + text)).isEqualTo(new Event.Notice(null, text));
        }

        @Test
        void aNoticeWrittenAsTheServerWouldIsTakenForTheEvent() {
            assertThat(TextCodec.parse("*** 2,147,483,647 joined (1 here)"))
                    .isEqualTo(new Event.Summary(null, null, Integer.MAX_VALUE, 0, 1));
            assertThat(TextCodec.parse("*** 0 rooms: ")).isEqualTo(new Event.Rooms(null, List.of()));
            assertThat(TextCodec.parse("*** You are in dev. 3 here: alice and 2 more (/who lists all)"))
                    .isEqualTo(new Event.Entered(null, "dev", 3, List.of("alice")));
            assertThat(TextCodec.parse("*** 3 joined, 2 left, 5 renamed (2,021 here)"))
                    .isEqualTo(new Event.Summary(null, null, 3, 2, 5, 2_021));
            assertThat(TextCodec.parse("*** 250 in big: a, b (page 2 of 3, /who 3 for more)"))
                    .isEqualTo(new Event.Who(null, "big", 250, List.of("a", "b"), 2, 3));
            assertThat(TextCodec.parse("*** 150 rooms: a (3), b (1) (page 2 of 2)"))
                    .isEqualTo(new Event.Rooms(null, 150, List.of(new Event.RoomCount("a", 3), new Event.RoomCount("b", 1)),
                            2, 2));
        }

        @Test
        void aNoticeWithAnyTextShowsAsItCame() {
            Awkward.forAll(11, Awkward::line, text -> {
                Event notice = new Event.Notice(TS, text);
                String line = codec.encode(notice);

                assertThat(codec.encode(TextCodec.parse(line))).isEqualTo(line);
            });
        }
    }

    @Test
    void anyLineAtAllParsesWithoutThrowingAndShowsAsItCame() {
        Awkward.forAll(12, Awkward::line, line -> assertThat(codec.encode(TextCodec.parse(line))).isEqualTo(line));
    }

    @Test
    void anyDamageToARealLineStillShowsAsItCame() {
        List<String> lines = new ArrayList<>();
        for (Event event : EveryEvent.samples(TS)) {
            String text = codec.encode(event);
            if (text != null) {
                lines.addAll(List.of(text.split("\r\n")));
            }
        }
        Awkward.forAll(14, random -> Awkward.damage(random, lines.get(random.nextInt(lines.size()))),
                line -> assertThat(codec.encode(TextCodec.parse(line))).isEqualTo(line));
    }

    @Test
    void parseNeverThrowsEvenOnLineBreaks() {
        Awkward.forAll(13, random -> Awkward.string(random, true), line -> assertThat(TextCodec.parse(line)).isNotNull());
    }
}
