package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import chatroom.protocol.WebSocketFrame;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventEncoderTest {

    private static final Instant TS = Instant.parse("2024-05-01T12:34:56Z");

    private final EventEncoder encoder = new EventEncoder(ZoneOffset.UTC);

    /** An event whose text line is exactly {@code text}: the byte count is under the test's control. */
    private static Event raw(String text) {
        return new Event.Other(TS, null, text);
    }

    private ByteBuffer text(String text) {
        return encoder.encode(raw(text), Wire.TEXT_LINES);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    /** The text of one encoded line, without its CR LF; fails unless it is exactly one line. */
    private static String line(ByteBuffer buffer) {
        byte[] b = bytes(buffer);
        assertThat(b.length).as("encoded length").isGreaterThanOrEqualTo(2);
        assertThat(b[b.length - 2]).as("second to last byte is CR").isEqualTo((byte) '\r');
        assertThat(b[b.length - 1]).as("last byte is LF").isEqualTo((byte) '\n');
        String s = new String(b, 0, b.length - 2, StandardCharsets.UTF_8);
        assertThat(s).as("a single line").doesNotContain("\r").doesNotContain("\n");
        return s;
    }

    // ---------------------------------------------------------------- the bytes

    @Test
    void aTextLineIsUtf8PlusCrLf() {
        ByteBuffer line = text("héllo \uD83D\uDE00");

        byte[] expected = "héllo \uD83D\uDE00\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(bytes(line)).isEqualTo(expected);
        assertThat(line.position()).isZero();
        assertThat(line.remaining()).isEqualTo(expected.length).isEqualTo(6 + 1 + 4 + 2);
    }

    @Test
    void textLinesAreTheTextCodecsLines() {
        TextCodec codec = new TextCodec(ZoneOffset.UTC);
        List<Event> events = List.of(
                new Event.Said(TS, 7, "lobby", "alice", "hi", false),
                new Event.Private(TS, "alice", "bob", "psst", true),
                new Event.Joined(TS, "lobby", "bob"),
                new Event.Help(TS), // several lines in one encoding
                new Event.Error(TS, "usage", "Usage: /me ACTION"));
        for (Event event : events) {
            assertThat(bytes(encoder.encode(event, Wire.TEXT_LINES))).as("%s", event)
                    .isEqualTo(codec.encodeLines(event));
        }
        assertThat(line(encoder.encode(events.get(0), Wire.TEXT_LINES))).isEqualTo("[12:34:56] <alice> hi");
    }

    @Test
    void jsonLinesAreTheJsonCodecsLines() {
        JsonCodec codec = new JsonCodec();
        List<Event> events = List.of(
                new Event.Said(TS, 7, "lobby", "alice", "hi \"there\"", false),
                new Event.Said(TS, 7, "lobby", "alice", "hi", true),
                new Event.Welcome(TS),
                new Event.HistoryEnd(TS, "lobby"),
                new Event.Help(TS));
        for (Event event : events) {
            ByteBuffer json = encoder.encode(event, Wire.JSON_LINES);
            assertThat(bytes(json)).as("%s", event).isEqualTo(codec.encodeLine(event));
            assertThat(JsonCodec.parse(line(json))).isEqualTo(event);
        }
    }

    @Test
    void theTimeOfDayIsShownInTheEncodersZone() {
        EventEncoder tokyo = new EventEncoder(ZoneId.of("Asia/Tokyo"));
        Event said = new Event.Said(TS, 1, "lobby", "alice", "konbanwa", false);

        assertThat(line(tokyo.encode(said, Wire.TEXT_LINES))).isEqualTo("[21:34:56] <alice> konbanwa");
        assertThat(line(encoder.encode(said, Wire.TEXT_LINES))).isEqualTo("[12:34:56] <alice> konbanwa");
        assertThat(bytes(tokyo.encode(said, Wire.JSON_LINES))).as("JSON is always UTC")
                .isEqualTo(bytes(encoder.encode(said, Wire.JSON_LINES)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anEchoHasNoTextFormAndIsSentAsNothing(boolean action) {
        Event echo = action
                ? new Event.Action(TS, 4, "lobby", "me", "waves", true)
                : new Event.Said(TS, 4, "lobby", "me", "mine", true);
        Outbound out = new Outbound(echo);

        assertThat(encoder.encode(echo, Wire.TEXT_LINES)).isSameAs(EventEncoder.NOTHING);
        assertThat(encoder.bytes(out, Wire.TEXT_LINES)).isSameAs(EventEncoder.NOTHING);
        assertThat(EventEncoder.NOTHING.hasRemaining()).isFalse();
        assertThat(EventEncoder.NOTHING.isReadOnly()).isTrue();
        assertThat(JsonCodec.parse(line(encoder.bytes(out, Wire.JSON_LINES)))).isEqualTo(echo);
    }

    @Test
    void theEndOfAHistoryReplayHasNoTextForm() {
        assertThat(encoder.encode(new Event.HistoryEnd(TS, "lobby"), Wire.TEXT_LINES)).isSameAs(EventEncoder.NOTHING);
    }

    // ---------------------------------------------------------------- once per event and wire

    @Test
    void anOutboundIsEncodedOncePerWireAndTheBytesShared() {
        Outbound out = new Outbound(new Event.Said(TS, 1, "lobby", "alice", "shared", false));

        ByteBuffer text = encoder.bytes(out, Wire.TEXT_LINES);
        ByteBuffer json = encoder.bytes(out, Wire.JSON_LINES);

        assertThat(encoder.bytes(out, Wire.TEXT_LINES)).isSameAs(text);
        assertThat(encoder.bytes(out, Wire.JSON_LINES)).isSameAs(json);
        assertThat(json).isNotSameAs(text);
        assertThat(out.encoded(Wire.TEXT_LINES.ordinal())).isSameAs(text);
        assertThat(out.encoded(Wire.JSON_LINES.ordinal())).isSameAs(json);
        assertThat(line(text)).isEqualTo("[12:34:56] <alice> shared");
        assertThat(JsonCodec.parse(line(json))).isEqualTo(out.event());
    }

    @Test
    void aWireNobodyUsesIsNeverEncoded() {
        Outbound out = new Outbound(new Event.Joined(TS, "lobby", "bob"));

        encoder.bytes(out, Wire.JSON_LINES);

        assertThat(out.encoded(Wire.TEXT_LINES.ordinal())).isNull();
        assertThat(out.encoded(Wire.JSON_LINES.ordinal())).isNotNull();
    }

    /** The cache is trusted: bytes left on the Outbound are what every later recipient gets. */
    @Test
    void bytesAlreadyOnTheOutboundAreUsedAsTheyAre() {
        Outbound out = new Outbound(new Event.Joined(TS, "lobby", "bob"));
        ByteBuffer planted = ByteBuffer.wrap("planted\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        out.encoded(Wire.TEXT_LINES.ordinal(), planted);

        assertThat(encoder.bytes(out, Wire.TEXT_LINES)).isSameAs(planted);
    }

    @Test
    void encodeWithoutAnOutboundMakesFreshBytesEachTime() {
        Event event = raw("same");
        ByteBuffer a = encoder.encode(event, Wire.TEXT_LINES);
        ByteBuffer b = encoder.encode(event, Wire.TEXT_LINES);

        assertThat(a).isNotSameAs(b);
        assertThat(bytes(a)).isEqualTo(bytes(b));
    }

    @Test
    void sharedBytesAreReadOnlyAndDirect() {
        for (Wire wire : Wire.values()) {
            ByteBuffer bytes = encoder.bytes(new Outbound(raw("x")), wire);
            assertThat(bytes.isReadOnly()).as("%s", wire).isTrue();
            assertThat(bytes.isDirect()).as("%s", wire).isTrue();
        }
        ByteBuffer big = text("b".repeat(EventEncoder.CHUNK_BYTES));
        assertThat(big.isReadOnly()).isTrue();
        assertThat(big.isDirect()).isTrue();
    }

    /** Each recipient's queue reads through its own duplicate: reading one moves no one else's position. */
    @Test
    void eachViewOfTheSharedBytesHasItsOwnPosition() {
        ByteBuffer shared = encoder.bytes(new Outbound(raw("same")), Wire.TEXT_LINES);
        ByteBuffer mine = shared.duplicate();

        mine.position(2);

        assertThat(shared.position()).isZero();
        assertThat(line(shared)).isEqualTo("same");
    }

    // ---------------------------------------------------------------- WebSocket frames

    /** The JSON line of {@code event} without its CR LF: what a WebSocket text frame carries. */
    private static byte[] jsonPayload(Event event) {
        byte[] line = new JsonCodec().encodeLine(event);
        return Arrays.copyOf(line, line.length - 2);
    }

    @Test
    void webSocketJsonIsOneTextFrameOfTheJsonLineWithoutItsLineEnd() {
        List<Event> events = List.of(
                new Event.Said(TS, 7, "lobby", "alice", "hi \"there\" \uD83D\uDE00", false),
                new Event.Welcome(TS),
                new Event.Help(TS),
                new Event.Error(TS, "usage", "Usage: /me ACTION"));
        for (Event event : events) {
            WebSocketFrames.ServerFrame frame = WebSocketFrames.read(encoder.encode(event, Wire.WS_JSON));

            assertThat(frame.opcode()).as("%s", event).isEqualTo(WebSocketFrame.TEXT);
            assertThat(frame.payload()).as("%s", event).isEqualTo(jsonPayload(event));
            assertThat(JsonCodec.parse(frame.text())).isEqualTo(event);
        }
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void theFrameHeaderTakesTheShortestLengthForm(int payload) {
        byte[] header = WebSocketFraming.header(WebSocketFrame.TEXT, payload);

        int expected = payload <= 125 ? 2 : payload <= 65535 ? 4 : 10;
        assertThat(header).hasSize(expected);
        ByteBuffer frame = ByteBuffer.wrap(Arrays.copyOf(header, header.length + payload)); // payload of zeros
        assertThat(WebSocketFrames.read(frame).payload()).hasSize(payload);
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(ints = {125, 126, 127, 65535, 65536})
    void anEventOfEachLengthFormIsWholeWithItsHeaderInOneBuffer(int payload) {
        int overhead = jsonPayload(raw("")).length;
        Event event = raw("x".repeat(payload - overhead));

        ByteBuffer bytes = encoder.encode(event, Wire.WS_JSON);

        int header = payload <= 125 ? 2 : payload <= 65535 ? 4 : 10;
        assertThat(bytes.remaining()).isEqualTo(header + payload);
        assertThat(WebSocketFrames.read(bytes).payload()).isEqualTo(jsonPayload(event));
    }

    @Test
    void everyWebSocketRecipientGetsTheSameFrameEncodedOnce() {
        Outbound out = new Outbound(new Event.Said(TS, 1, "lobby", "alice", "to all", false));

        ByteBuffer first = encoder.bytes(out, Wire.WS_JSON);
        ByteBuffer second = encoder.bytes(out, Wire.WS_JSON);
        ByteBuffer json = encoder.bytes(out, Wire.JSON_LINES);

        assertThat(second).isSameAs(first);
        assertThat(out.encoded(Wire.WS_JSON.ordinal())).isSameAs(first);
        assertThat(json).isNotSameAs(first);
        assertThat(WebSocketFrames.read(first).payload()).isEqualTo(Arrays.copyOf(bytes(json), json.remaining() - 2));
    }

    // ---------------------------------------------------------------- chunks

    @Test
    void laterEncodingsNeverOverwriteEarlierOnesAcrossChunks() {
        List<ByteBuffer> encoded = new ArrayList<>();
        int total = 0;
        int i = 0;
        while (total < 3 * EventEncoder.CHUNK_BYTES) {
            ByteBuffer line = text("line number " + i + " " + "x".repeat(i % 700));
            encoded.add(line);
            total += line.remaining();
            i++;
        }

        for (int n = 0; n < encoded.size(); n++) {
            assertThat(line(encoded.get(n))).isEqualTo("line number " + n + " " + "x".repeat(n % 700));
        }
    }

    @Test
    void textAndJsonShareChunksWithoutOverwritingEachOther() {
        List<Outbound> outs = new ArrayList<>();
        List<ByteBuffer> texts = new ArrayList<>();
        List<ByteBuffer> jsons = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Outbound out = new Outbound(new Event.Said(TS, i, "lobby", "u" + (i % 7), "message " + i, false));
            outs.add(out);
            texts.add(encoder.bytes(out, Wire.TEXT_LINES));
            jsons.add(encoder.bytes(out, Wire.JSON_LINES));
        }

        for (int i = 0; i < outs.size(); i++) {
            assertThat(line(texts.get(i))).isEqualTo("[12:34:56] <u" + (i % 7) + "> message " + i);
            assertThat(JsonCodec.parse(line(jsons.get(i)))).isEqualTo(outs.get(i).event());
        }
    }

    @Test
    void bigEncodingsAreWholeAndLeaveTheirNeighboursAlone() {
        ByteBuffer first = text("before");
        String big = "é".repeat(40_000); // 80,000 bytes: more than a chunk
        ByteBuffer line = text(big);
        ByteBuffer after = text("after");

        assertThat(line.remaining()).isEqualTo(80_002);
        assertThat(line(line)).isEqualTo(big);
        assertThat(line(first)).isEqualTo("before");
        assertThat(line(after)).isEqualTo("after");
    }

    /** An encoding bigger than an eighth of a chunk gets a buffer of its own rather than a slice of one. */
    @Test
    void encodingsAroundTheOwnBufferThresholdAreWhole() {
        int threshold = EventEncoder.CHUNK_BYTES / 8;
        List<ByteBuffer> lines = new ArrayList<>();
        for (int size = threshold - 4; size <= threshold + 4; size++) {
            lines.add(text("a".repeat(size - 2)));
        }
        for (int i = 0; i < lines.size(); i++) {
            int size = threshold - 4 + i;
            assertThat(lines.get(i).remaining()).isEqualTo(size);
            assertThat(line(lines.get(i))).isEqualTo("a".repeat(size - 2));
        }
    }

    @Test
    void anEncodingThatExactlyFillsTheRestOfAChunk() {
        int used = text("a".repeat(5000)).remaining() + text("b".repeat(5000)).remaining();
        List<ByteBuffer> lines = new ArrayList<>();
        while (used + 8000 + 2 <= EventEncoder.CHUNK_BYTES) {
            lines.add(text("c".repeat(8000)));
            used += 8002;
        }
        int rest = EventEncoder.CHUNK_BYTES - used;
        ByteBuffer exact = text("d".repeat(rest - 2));
        ByteBuffer next = text("e");

        assertThat(line(exact)).isEqualTo("d".repeat(rest - 2));
        assertThat(line(next)).isEqualTo("e");
        for (ByteBuffer line : lines) {
            assertThat(line(line)).isEqualTo("c".repeat(8000));
        }
    }

    @ParameterizedTest(name = "{0} byte(s) short")
    @ValueSource(ints = {1, 2, 3})
    void anEncodingThatDoesNotQuiteFitTheRestOfAChunkStartsANewOne(int shortBy) {
        List<ByteBuffer> lines = new ArrayList<>();
        int rest = EventEncoder.CHUNK_BYTES;
        while (rest - 1000 > 8002) {
            lines.add(text("c".repeat(8000)));
            rest -= 8002;
        }
        int filler = rest - 1000; // small enough to share the chunk
        assertThat(filler).isBetween(2, EventEncoder.CHUNK_BYTES / 8);
        lines.add(text("f".repeat(filler - 2)));
        // 1,000 bytes are left in the chunk; this one needs 1,000 + shortBy.
        ByteBuffer over = text("o".repeat(1000 + shortBy - 2));

        assertThat(line(over)).isEqualTo("o".repeat(1000 + shortBy - 2));
        assertThat(line(lines.get(lines.size() - 1))).isEqualTo("f".repeat(filler - 2));
        for (int i = 0; i < lines.size() - 1; i++) {
            assertThat(line(lines.get(i))).isEqualTo("c".repeat(8000));
        }
    }
}
