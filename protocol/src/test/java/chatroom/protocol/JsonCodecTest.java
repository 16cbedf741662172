package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.testing.Awkward;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

    /** Milliseconds only: the wire has no finer time. */
    private static final Instant TS = Instant.parse("2026-03-14T09:26:53.589Z");

    private final JsonCodec codec = new JsonCodec();

    private Event roundTrip(Event event) {
        return JsonCodec.parse(codec.encode(event));
    }

    @Nested
    class RoundTrip {

        @Test
        void theSamplesCoverEveryEventType() {
            EveryEvent.assertCoversEveryType(EveryEvent.samples(TS));
        }

        @Test
        void everyEventComesBackEqual() {
            for (Event event : EveryEvent.samples(TS)) {
                assertThat(roundTrip(event)).as(codec.encode(event)).isEqualTo(event);
            }
        }

        @Test
        void everyEventComesBackEqualWithoutATimestampToo() {
            for (Event event : EveryEvent.samples(null)) {
                assertThat(roundTrip(event)).as(codec.encode(event)).isEqualTo(event);
            }
        }

        @Test
        void eventsParsedFromTextComeBackEqual() {
            TextCodec text = new TextCodec(java.time.ZoneOffset.UTC);
            for (Event event : EveryEvent.samples(TS)) {
                String lines = text.encode(event);
                if (lines != null) {
                    for (String line : lines.split("\r\n")) {
                        Event parsed = TextCodec.parse(line);
                        assertThat(roundTrip(parsed)).as(line).isEqualTo(parsed);
                    }
                }
            }
        }

        @Test
        void everyEventTypeHasItsOwnLowerSnakeType() {
            Map<String, Class<?>> types = new HashMap<>();
            for (Event event : EveryEvent.samples(TS)) {
                if (event instanceof Event.Other) {
                    continue; // its type is whatever a newer server sent
                }
                String type = JsonCodec.type(event);
                assertThat(type).matches("[a-z]+(_[a-z]+)*");
                assertThat(types.putIfAbsent(type, event.getClass())).as(type).isIn(null, event.getClass());
            }
            assertThat(JsonCodec.type(new Event.Other(TS, null, "x"))).isEqualTo("other");
            assertThat(types).doesNotContainKey("other");
        }
    }

    @Nested
    class WireFormat {

        @Test
        void said() {
            assertThat(codec.encode(new Event.Said(TS, 42, "lobby", "alice", "hi \"you\"", false))).isEqualTo(
                    "{\"type\":\"said\",\"ts\":\"2026-03-14T09:26:53.589Z\",\"id\":42,\"room\":\"lobby\","
                            + "\"from\":\"alice\",\"text\":\"hi \\\"you\\\"\"}");
        }

        @Test
        void saidEchoedToItsSender() {
            assertThat(codec.encode(new Event.Said(TS, 42, "lobby", "alice", "hi", true))).isEqualTo(
                    "{\"type\":\"said\",\"ts\":\"2026-03-14T09:26:53.589Z\",\"id\":42,\"room\":\"lobby\","
                            + "\"from\":\"alice\",\"text\":\"hi\",\"echo\":true}");
        }

        @Test
        void error() {
            assertThat(codec.encode(Problem.NAME_TAKEN.event(TS, "bob"))).isEqualTo(
                    "{\"type\":\"error\",\"ts\":\"2026-03-14T09:26:53.589Z\",\"code\":\"name_taken\","
                            + "\"text\":\"The name bob is taken, try another\"}");
        }

        @Test
        void aBanCarriesItsEndAsAnInstantAndAPermanentOneNone() {
            assertThat(codec.encode(new Event.Banned(null, "lobby", "bob", "alice",
                    Instant.parse("2026-03-14T11:26:53.589Z"), "spam", 0, false)))
                    .isEqualTo("{\"type\":\"banned\",\"room\":\"lobby\",\"target\":\"bob\",\"by\":\"alice\","
                            + "\"until\":\"2026-03-14T11:26:53.589Z\",\"reason\":\"spam\"}");
            assertThat(codec.encode(new Event.Bans(null, 1, List.of(new Event.BanEntry("10.0.0.0/8", "alice", TS, null, "")),
                    1, 1))).isEqualTo("{\"type\":\"bans\",\"count\":1,\"bans\":[{\"target\":\"10.0.0.0/8\","
                            + "\"by\":\"alice\",\"set\":\"2026-03-14T09:26:53.589Z\",\"reason\":\"\"}],\"page\":1,\"pages\":1}");
        }

        @Test
        void anOperatorsHelpSaysSoAndListsTheOperatorCommands() {
            Event.Help help = (Event.Help) JsonCodec.parse(codec.encode(new Event.Help(TS, true)));

            assertThat(help.operator()).isTrue();
            assertThat(codec.encode(help)).contains("\"operator\":true", CommandSpec.KICK.usage());
            assertThat(codec.encode(new Event.Help(TS))).doesNotContain("\"operator\"", CommandSpec.KICK.usage());
        }

        @Test
        void aHistoryPageSaysItsRoomCountBoundAndWhetherThereIsMore() {
            Event.HistoryPage page = new Event.HistoryPage(TS, "lobby", 20, 1234, true);

            assertThat(codec.encode(page)).isEqualTo("{\"type\":\"history_page\",\"ts\":\"2026-03-14T09:26:53.589Z\","
                    + "\"room\":\"lobby\",\"count\":20,\"before\":1234,\"more\":true}");
            assertThat(JsonCodec.parse(codec.encode(page))).isEqualTo(page);
        }

        @Test
        void theOldestHistoryPageLeavesMoreOutAndReadsBackWithoutIt() {
            Event.HistoryPage last = new Event.HistoryPage(TS, "lobby", 0, 7, false);

            assertThat(codec.encode(last)).isEqualTo("{\"type\":\"history_page\",\"ts\":\"2026-03-14T09:26:53.589Z\","
                    + "\"room\":\"lobby\",\"count\":0,\"before\":7}");
            assertThat(JsonCodec.parse(codec.encode(last))).isEqualTo(last);
            assertThat(JsonCodec.parse("{\"type\":\"history_page\",\"room\":\"dev\",\"more\":false,\"before\":5,\"count\":3}"))
                    .isEqualTo(new Event.HistoryPage(null, "dev", 3, 5, false));
        }

        @Test
        void historyBusyIsAnErrorWithItsCode() {
            Event.Error busy = Problem.HISTORY_BUSY.event(TS);

            assertThat(codec.encode(busy)).isEqualTo("{\"type\":\"error\",\"ts\":\"2026-03-14T09:26:53.589Z\","
                    + "\"code\":\"history_busy\",\"text\":\"History is busy; try again in a moment\"}");
            assertThat(JsonCodec.parse(codec.encode(busy))).isEqualTo(busy);
        }

        @Test
        void falseFlagsAndAbsentFieldsAreLeftOut() {
            assertThat(codec.encode(new Event.Private(null, null, "bob", "psst", true)))
                    .isEqualTo("{\"type\":\"private\",\"to\":\"bob\",\"text\":\"psst\",\"echo\":true}");
            assertThat(codec.encode(new Event.Renamed(TS, null, "alice", "bob", false)))
                    .isEqualTo("{\"type\":\"renamed\",\"ts\":\"2026-03-14T09:26:53.589Z\",\"from\":\"alice\",\"to\":\"bob\"}");
        }

        @Test
        void pagedAnswersSayTheirCountPageAndPages() {
            assertThat(codec.encode(new Event.Who(null, "big", 9_800, List.of("a", "b"), 2, 98)))
                    .isEqualTo("{\"type\":\"who\",\"room\":\"big\",\"count\":9800,\"names\":[\"a\",\"b\"],"
                            + "\"page\":2,\"pages\":98}");
            assertThat(codec.encode(new Event.Rooms(null, 150, List.of(new Event.RoomCount("a", 3)), 1, 2)))
                    .isEqualTo("{\"type\":\"rooms\",\"count\":150,\"rooms\":[{\"name\":\"a\",\"count\":3}],"
                            + "\"page\":1,\"pages\":2}");
            assertThat(codec.encode(new Event.Summary(null, "big", 0, 1, 5, 2_021)))
                    .isEqualTo("{\"type\":\"summary\",\"room\":\"big\",\"joined\":0,\"left\":1,\"renamed\":5,"
                            + "\"count\":2021}");
        }

        @Test
        void encodeLineIsTheObjectInUtf8EndingInCrLf() {
            Event event = new Event.Said(TS, 1, "r", "a", "h\u00e9llo", false);

            assertThat(codec.encodeLine(event)).isEqualTo((codec.encode(event) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void theBufferIsReusedButEveryLineIsItsOwn() {
            byte[] first = codec.encodeLine(new Event.Notice(TS, "a".repeat(1000)));
            byte[] copy = first.clone();
            codec.encodeLine(new Event.Notice(TS, "b".repeat(1000)));

            assertThat(first).isEqualTo(copy);
        }
    }

    @Nested
    class Timestamps {

        @Test
        void alwaysThreeDigitsOfMillisAndZ() {
            assertThat(codec.timestamp(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000Z");
            assertThat(codec.timestamp(Instant.parse("2026-01-02T03:04:05.005Z"))).isEqualTo("2026-01-02T03:04:05.005Z");
            assertThat(codec.timestamp(Instant.parse("2026-01-02T03:04:05.050Z"))).isEqualTo("2026-01-02T03:04:05.050Z");
            assertThat(codec.timestamp(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo("2026-12-31T23:59:59.999Z");
        }

        @Test
        void finerThanMillisIsCutNotRounded() {
            // Rounding 59.9999 up would have to carry into the second, the minute, the year.
            assertThat(codec.timestamp(Instant.parse("2026-12-31T23:59:59.999999999Z")))
                    .isEqualTo("2026-12-31T23:59:59.999Z");
        }

        @Test
        void acrossAnEpochSecondBoundary() {
            Instant ts = Instant.parse("2026-06-30T23:59:59.999Z");

            assertThat(codec.timestamp(ts)).isEqualTo("2026-06-30T23:59:59.999Z");
            assertThat(codec.timestamp(ts.plusMillis(1))).isEqualTo("2026-07-01T00:00:00.000Z");
            assertThat(codec.timestamp(ts)).isEqualTo("2026-06-30T23:59:59.999Z");
        }

        /** A server clock set wrong must still give a readable instant, not a negative millisecond. */
        @Test
        void beforeTheEpoch() {
            Instant ts = Instant.parse("1969-12-31T23:59:59.999Z");

            assertThat(codec.timestamp(ts)).isEqualTo("1969-12-31T23:59:59.999Z");
            assertThat(codec.timestamp(ts.plusMillis(1))).isEqualTo("1970-01-01T00:00:00.000Z");
            assertThat(codec.timestamp(Instant.parse("1900-01-01T00:00:00.001Z"))).isEqualTo("1900-01-01T00:00:00.001Z");
        }

        @Test
        void manyInstantsReadBackAsThemselves() {
            long year0 = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
            long year10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
            Awkward.forAll(21, random -> Instant.ofEpochMilli(year0 + Math.floorMod(random.nextLong(), year10000 - year0)), ts -> {
                String text = codec.timestamp(ts);
                assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(Instant.parse(text)).isEqualTo(ts);
            });
        }
    }

    @Nested
    class AnyText {

        /**
         * A lone surrogate has no UTF-8 encoding (it would become "?"), so Jackson writes it as a
         * {@code \\uXXXX} escape: nothing is replaced, it comes back as it went, and the line
         * stays valid UTF-8. A surrogate pair (an emoji) is written as its 4 UTF-8 bytes, not as
         * 12 bytes of escapes: three times the output for every emoji, in every broadcast and
         * replay, would be an amplifier.
         */
        @Test
        void loneSurrogatesAreEscapedAndPairsAreUtf8() {
            Event said = new Event.Said(TS, 1, "r", "a", "x\uD800y\uDC00 \uD83D\uDE00", false);

            assertThat(codec.encode(said)).contains("\"text\":\"x\\uD800y\\uDC00 \uD83D\uDE00\"");
            assertThat(new String(codec.encodeLine(said), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("\u00F0\u009F\u0098\u0080");
            assertThat(roundTrip(said)).isEqualTo(said);
        }

        @Test
        void controlCharactersAreEscapedAndU2028IsLeftAsValidJsonAllowsIt() {
            Event said = new Event.Said(TS, 1, "r", "a", "\u0000\u0001\t\r\n\u001F\u007F\u2028\"\\/", false);

            assertThat(codec.encode(said))
                    .contains("\"text\":\"\\u0000\\u0001\\t\\r\\n\\u001F\u007F\u2028\\\"\\\\/\"");
            assertThat(roundTrip(said)).isEqualTo(said);
        }

        @Test
        void anyTextOfAMessageComesBackExactly() {
            Awkward.forAll(22, random -> Awkward.string(random, true), text -> {
                Event said = new Event.Said(TS, 1, "lobby", "alice", text, false);
                assertThat(roundTrip(said)).isEqualTo(said);
            });
        }

        @Test
        void theLineIsValidUtf8WithNoRawControlCharacterBeforeItsCrLf() {
            Awkward.forAll(23, random -> Awkward.string(random, true), text -> {
                byte[] line = codec.encodeLine(new Event.Said(TS, 1, "lobby", "alice", text, false));
                assertThat(strictUtf8(line)).isNotNull();
                assertThat(line[line.length - 2]).isEqualTo((byte) '\r');
                assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
                for (int i = 0; i < line.length - 2; i++) {
                    assertThat(line[i] & 0xFF).as("byte %d", i).isGreaterThanOrEqualTo(0x20);
                }
            });
        }

        @Test
        void anyTextInEveryStringFieldComesBackExactly() {
            Awkward.forAll(24, random -> Awkward.string(random, true), s -> {
                List<Event> events = List.of(
                        new Event.Notice(TS, s),
                        new Event.Private(TS, s, s, s, true),
                        new Event.Left(TS, s, s, s),
                        new Event.Who(TS, s, List.of(s, s)),
                        new Event.Rooms(TS, List.of(new Event.RoomCount(s, 1))),
                        new Event.Error(TS, s, s),
                        new Event.Other(TS, "x" + s, s));
                for (Event event : events) {
                    assertThat(roundTrip(event)).isEqualTo(event);
                }
            });
        }

        private String strictUtf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new AssertionError("not UTF-8: " + Arrays.toString(bytes), e);
            }
        }
    }

    @Nested
    class Parsing {

        @Test
        void fieldsMayComeInAnyOrderAndUnknownOnesAreSkipped() {
            assertThat(JsonCodec.parse("{\"text\":\"t\",\"color\":\"red\",\"meta\":{\"x\":[1,{\"y\":null}]},"
                    + "\"from\":\"a\",\"type\":\"said\",\"id\":1,\"room\":\"r\",\"echo\":false}"))
                    .isEqualTo(new Event.Said(null, 1, "r", "a", "t", false));
        }

        @Test
        void anUnknownTypeIsOtherWithItsText() {
            assertThat(JsonCodec.parse("{\"type\":\"poll\",\"ts\":\"2026-01-01T00:00:00.000Z\",\"text\":\"Vote now\","
                    + "\"options\":[1,2,{\"a\":[]}]}"))
                    .isEqualTo(new Event.Other(Instant.parse("2026-01-01T00:00:00Z"), "poll", "Vote now"));
            assertThat(JsonCodec.parse("{\"type\":\"poll\"}")).isEqualTo(new Event.Other(null, "poll", null));
        }

        @Test
        void anAnswerWithoutCountOrPagesIsAllOnOnePage() {
            assertThat(JsonCodec.parse("{\"type\":\"who\",\"room\":\"r\",\"names\":[\"a\",\"b\"]}"))
                    .isEqualTo(new Event.Who(null, "r", 2, List.of("a", "b"), 1, 1));
            assertThat(JsonCodec.parse("{\"type\":\"rooms\",\"rooms\":[{\"name\":\"a\",\"count\":3}]}"))
                    .isEqualTo(new Event.Rooms(null, 1, List.of(new Event.RoomCount("a", 3)), 1, 1));
            assertThat(JsonCodec.parse("{\"type\":\"summary\",\"joined\":1,\"left\":0,\"count\":5}"))
                    .isEqualTo(new Event.Summary(null, null, 1, 0, 0, 5));
        }

        @Test
        void aFormatThisVersionDoesNotKnowIsOther() {
            assertThat(JsonCodec.parse("{\"type\":\"format\",\"format\":\"xml\"}"))
                    .isEqualTo(new Event.Other(null, "format", null));
        }

        @Test
        void aTimestampWithoutMillisOrWithMoreIsRead() {
            assertThat(JsonCodec.parse("{\"type\":\"bye\",\"ts\":\"2026-01-01T00:00:00Z\"}"))
                    .isEqualTo(new Event.Bye(Instant.parse("2026-01-01T00:00:00Z")));
            assertThat(JsonCodec.parse("{\"type\":\"bye\",\"ts\":\"2026-01-01T00:00:00.123456789Z\"}"))
                    .isEqualTo(new Event.Bye(Instant.parse("2026-01-01T00:00:00.123456789Z")));
        }

        @Test
        void aDeeplyNestedUnknownFieldIsSkipped() {
            String nested = "[".repeat(200) + "]".repeat(200);

            assertThat(JsonCodec.parse("{\"type\":\"bye\",\"x\":" + nested + "}")).isEqualTo(new Event.Bye(null));
        }

        @Test
        void aFarTooDeeplyNestedFieldIsRefusedNotAStackOverflow() {
            String nested = "[".repeat(100_000) + "]".repeat(100_000);

            assertThatThrownBy(() -> JsonCodec.parse("{\"type\":\"bye\",\"x\":" + nested + "}"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "", " ", "garbage", "[]", "{}", "null", "42", "\"said\"", "{\"type\":5}", "{\"type\":null}",
            "{\"type\":[\"said\"]}", "{\"id\":1}",
            "{\"type\":\"said\",\"id\":\"x\"}", "{\"type\":\"said\",\"id\":1.5}",
            "{\"type\":\"said\",\"id\":99999999999999999999}", "{\"type\":\"said\",\"ts\":\"yesterday\"}",
            "{\"type\":\"said\",\"ts\":5}", "{\"type\":\"said\",\"text\":{}}", "{\"type\":\"said\",\"echo\":\"yes\"}",
            "{\"type\":\"said\",\"echo\":{\"type\":\"bye\"}}", "{\"type\":\"said\",\"echo\":[]}",
            "{\"type\":\"who\",\"names\":[null]}", "{\"type\":\"who\",\"names\":\"alice\"}",
            "{\"type\":\"who\",\"names\":[[\"alice\"]]}", "{\"type\":\"rooms\",\"rooms\":[1]}",
            "{\"type\":\"rooms\",\"rooms\":[{\"name\":\"a\",\"count\":\"x\"}]}",
            "{\"type\":\"summary\",\"count\":4294967296}", "{\"type\":\"summary\",\"joined\":-2147483649}",
            "{\"type\":\"said\",\"text\":\"hi", "{\"type\":\"said\"", "{\"type\":", "{\"type\"", "{",
            "{\"type\":\"bye\"}{\"type\":\"bye\"}", "{\"type\":\"bye\"} {\"type\":\"bye\"}", "{\"type\":\"bye\"} x",
            "{\"type\":\"bye\"}]", "{'type':'bye'}", "{type:\"bye\"}", "{\"type\":\"bye\",}",
            "{\"type\":\"bye\"\u0000}", "{\"type\":\"b\u0001ye\"}",
        })
        void badLinesAreRefusedWithIllegalArgumentException(String line) {
            assertThatThrownBy(() -> JsonCodec.parse(line)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anyStringEitherParsesOrIsRefusedWithIllegalArgumentException() {
            Awkward.forAll(25, random -> Awkward.string(random, true), JsonCodecTest::parsesOrRefuses);
        }

        @Test
        void anyDamageToARealLineEitherParsesOrIsRefusedWithIllegalArgumentException() {
            List<String> lines = new ArrayList<>();
            for (Event event : EveryEvent.samples(TS)) {
                lines.add(codec.encode(event));
            }
            Awkward.forAll(26, random -> Awkward.damage(random, lines.get(random.nextInt(lines.size()))),
                    JsonCodecTest::parsesOrRefuses);
        }
    }

    private static void parsesOrRefuses(String line) {
        assertThatCode(() -> {
            try {
                assertThat(JsonCodec.parse(line)).isNotNull();
            } catch (IllegalArgumentException refused) {
                // refused: fine
            }
        }).doesNotThrowAnyException();
    }
}
