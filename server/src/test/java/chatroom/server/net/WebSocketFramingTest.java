package chatroom.server.net;

import static chatroom.protocol.WebSocketFrame.BINARY;
import static chatroom.protocol.WebSocketFrame.CLOSE;
import static chatroom.protocol.WebSocketFrame.CONTINUATION;
import static chatroom.protocol.WebSocketFrame.PING;
import static chatroom.protocol.WebSocketFrame.PONG;
import static chatroom.protocol.WebSocketFrame.TEXT;
import static chatroom.server.net.WebSocketFrames.FIN;
import static chatroom.server.net.WebSocketFrames.bytes;
import static chatroom.server.net.WebSocketFrames.close;
import static chatroom.server.net.WebSocketFrames.concat;
import static chatroom.server.net.WebSocketFrames.frame;
import static chatroom.server.net.WebSocketFrames.header64;
import static chatroom.server.net.WebSocketFrames.ping;
import static chatroom.server.net.WebSocketFrames.text;
import static chatroom.server.net.WebSocketFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import chatroom.server.net.WebSocketFrames.ServerFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WebSocketFraming} on byte arrays, grouped and named after the Autobahn|Testsuite's
 * case groups (1 framing, 2 ping/pong, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8,
 * 7 close, 9 limits). Every input is decoded twice, whole and one byte at a time, and both
 * must give the same results: nothing may depend on where the reads split the stream.
 */
class WebSocketFramingTest {

    private static final int MAX = 4096;

    /** What {@code input} decodes to with a line limit of {@value #MAX}. */
    private static List<Inbound> decode(byte[] input) {
        return decode(MAX, input);
    }

    private static List<Inbound> decode(int maxLineBytes, byte[] input) {
        List<Inbound> whole = run(maxLineBytes, input, Math.max(input.length, 1));
        List<Inbound> slow = run(maxLineBytes, input, 1);
        assertThat(slow).as("fed one byte at a time").isEqualTo(whole);
        return whole;
    }

    /** Feeds {@code input} in pieces of {@code piece} bytes, taking every result, as a connection would. */
    private static List<Inbound> run(int maxLineBytes, byte[] input, int piece) {
        WebSocketFraming framing = new WebSocketFraming(maxLineBytes);
        List<Inbound> out = new ArrayList<>();
        for (int at = 0; at < input.length; at += piece) {
            ByteBuffer in = ByteBuffer.wrap(input, at, Math.min(piece, input.length - at));
            for (Inbound next = framing.next(in); next != null; next = framing.next(in)) {
                out.add(next);
            }
            assertThat(in.hasRemaining()).as("all input taken").isFalse();
            framing.releaseIfIdle();
        }
        assertThat(framing.finish()).as("a cut-off frame is no message").isNull();
        return out;
    }

    private static Inbound line(String text) {
        return new Inbound.Line(text);
    }

    /** The frame a {@link Inbound.Hangup} or {@link Inbound.Answer} queues. */
    private static ServerFrame sent(Inbound inbound) {
        if (inbound instanceof Inbound.Hangup hangup) {
            assertThat(hangup.closeFrame().isReadOnly()).isTrue();
            return WebSocketFrames.read(hangup.closeFrame());
        }
        assertThat(inbound).isInstanceOf(Inbound.Answer.class);
        Inbound.Answer answer = (Inbound.Answer) inbound;
        assertThat(answer.bytes().isReadOnly()).isTrue();
        return WebSocketFrames.read(answer.bytes());
    }

    /** Asserts the results end in a hang-up with {@code code} and nothing after it; returns what came before. */
    private static List<Inbound> endsWithClose(List<Inbound> results, int code) {
        assertThat(results).as("results").isNotEmpty();
        Inbound last = results.get(results.size() - 1);
        assertThat(last).isInstanceOf(Inbound.Hangup.class);
        assertThat(sent(last).code()).as("close code").isEqualTo(code);
        return results.subList(0, results.size() - 1);
    }

    private static void failsWith(int code, byte[] input) {
        assertThat(endsWithClose(decode(input), code)).as("nothing before the failure").isEmpty();
    }

    private static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Nested
    class Case1Framing {

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536})
        void aTextMessageOfAnyLengthFormIsOneLine(int length) {
            String text = "x".repeat(length);

            assertThat(decode(70_000, text(text))).containsExactly(line(text));
        }

        @Test
        void theMaskIsAppliedByteByByteFromTheKey() {
            assertThat(decode(text("héllo wörld \uD83D\uDE00"))).containsExactly(line("héllo wörld \uD83D\uDE00"));
        }

        @Test
        void messagesFollowingEachOtherInOneReadAreEachALine() {
            assertThat(decode(concat(text("one"), text(""), text("three"))))
                    .containsExactly(line("one"), line(""), line("three"));
        }

        /** The minimal length form is the sender's duty (§5.2); a longer form costs nothing to accept. */
        @Test
        void aLengthInALongerFormThanNeededIsAccepted() {
            byte[] frame = text("hi");
            byte[] long16 = concat(bytes(frame[0], 0x80 | 126, 0, 2), Arrays.copyOfRange(frame, 2, frame.length));

            assertThat(decode(long16)).containsExactly(line("hi"));
        }

        @Test
        void anUnmaskedFrameIsAProtocolError() {
            failsWith(1002, frame(FIN | TEXT, utf8("hello"), false));
        }

        @Test
        void anUnmaskedControlFrameIsAProtocolErrorToo() {
            failsWith(1002, frame(FIN | PING, utf8("hello"), false));
        }

        @Test
        void aBinaryMessageIsRefusedAsUnsupportedData() {
            failsWith(1003, frame(FIN | BINARY, bytes(1, 2, 3)));
        }

        @Test
        void afterAFailureNothingMoreIsDecoded() {
            List<Inbound> results = decode(concat(frame(FIN | BINARY, bytes(1)), text("too late"), ping(bytes())));

            endsWithClose(results, 1003);
            assertThat(results).hasSize(1);
        }

        @Test
        void theHangUpReasonNamesTheCodeAndTheFault() {
            Inbound.Hangup hangup = (Inbound.Hangup) decode(frame(FIN | TEXT, utf8("x"), false)).get(0);

            assertThat(hangup.reason()).isEqualTo("websocket error 1002: unmasked frame");
            assertThat(sent(hangup).reason()).isEqualTo("unmasked frame");
        }
    }

    @Nested
    class Case2PingPong {

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {0, 1, 125})
        void aPingIsAnsweredWithAPongOfTheSamePayload(int length) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (i * 7); // binary: any byte may be in a ping
            }

            List<Inbound> results = decode(ping(payload));

            assertThat(results).hasSize(1);
            ServerFrame pong = sent(results.get(0));
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.payload()).isEqualTo(payload);
        }

        @Test
        void aPingOf126BytesIsAProtocolErrorFromItsHeaderAlone() {
            byte[] frame = ping(new byte[126]);

            failsWith(1002, Arrays.copyOf(frame, 2));
        }

        @Test
        void anUnsolicitedPongIsIgnored() {
            assertThat(decode(concat(frame(FIN | PONG, utf8("unasked")), text("after")))).containsExactly(line("after"));
        }

        @Test
        void tenPingsGetTenPongsInOrder() {
            byte[][] pings = new byte[10][];
            for (int i = 0; i < 10; i++) {
                pings[i] = ping(utf8("ping " + i));
            }

            List<Inbound> results = decode(concat(pings));

            assertThat(results).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(sent(results.get(i)).text()).isEqualTo("ping " + i);
            }
        }
    }

    @Nested
    class Case3ReservedBits {

        @ParameterizedTest(name = "RSV bits {0}")
        @ValueSource(ints = {0x10, 0x20, 0x40, 0x70})
        void anyReservedBitOnATextFrameIsAProtocolError(int rsv) {
            failsWith(1002, frame(FIN | rsv | TEXT, utf8("hello")));
        }

        @ParameterizedTest(name = "RSV bits {0}")
        @ValueSource(ints = {0x10, 0x20, 0x40})
        void anyReservedBitOnAControlFrameIsAProtocolError(int rsv) {
            failsWith(1002, frame(FIN | rsv | PING, utf8("hello")));
        }

        /** 3.2: what came before is delivered, what comes after is not even looked at. */
        @Test
        void aMessageBeforeIsDeliveredAndAPingAfterIsNotAnswered() {
            List<Inbound> results = decode(concat(text("before"), frame(FIN | 0x20 | TEXT, utf8("bad")), ping(bytes())));

            assertThat(endsWithClose(results, 1002)).containsExactly(line("before"));
        }
    }

    @Nested
    class Case4Opcodes {

        @ParameterizedTest(name = "opcode {0}")
        @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
        void aReservedOpcodeIsAProtocolError(int opcode) {
            List<Inbound> results = decode(concat(text("before"), frame(FIN | opcode, utf8("x")), text("after")));

            assertThat(endsWithClose(results, 1002)).containsExactly(line("before"));
        }

        @Test
        void theFailureComesFromTheFirstByteAlone() {
            failsWith(1002, bytes(FIN | 3));
        }
    }

    @Nested
    class Case5Fragmentation {

        @Test
        void aTextInTwoFragmentsIsOneLine() {
            assertThat(decode(concat(frame(TEXT, utf8("frag")), frame(FIN | CONTINUATION, utf8("mented")))))
                    .containsExactly(line("fragmented"));
        }

        @Test
        void aTextInManyOneByteFragmentsAndEmptyOnesIsOneLine() {
            List<byte[]> frames = new ArrayList<>();
            frames.add(frame(TEXT, bytes()));
            for (char c : "hello".toCharArray()) {
                frames.add(frame(CONTINUATION, bytes(c)));
            }
            frames.add(frame(FIN | CONTINUATION, bytes()));

            assertThat(decode(concat(frames.toArray(byte[][]::new)))).containsExactly(line("hello"));
        }

        /** 5.6-5.8: a control frame may come between fragments; it is answered before the message ends. */
        @Test
        void aPingBetweenFragmentsIsAnsweredAndTheMessageGoesOn() {
            List<Inbound> results = decode(concat(frame(TEXT, utf8("one ")), ping(utf8("p")),
                    frame(FIN | CONTINUATION, utf8("line"))));

            assertThat(results).hasSize(2);
            assertThat(sent(results.get(0)).text()).isEqualTo("p");
            assertThat(results.get(1)).isEqualTo(line("one line"));
        }

        @Test
        void aPongBetweenFragmentsIsIgnored() {
            assertThat(decode(concat(frame(TEXT, utf8("a")), frame(FIN | PONG, bytes()), frame(FIN | CONTINUATION, utf8("b")))))
                    .containsExactly(line("ab"));
        }

        @ParameterizedTest(name = "opcode {0}")
        @ValueSource(ints = {PING, PONG, CLOSE})
        void aFragmentedControlFrameIsAProtocolError(int opcode) {
            failsWith(1002, concat(frame(opcode, utf8("frag")), frame(FIN | CONTINUATION, utf8("mented"))));
        }

        @Test
        void aContinuationWithNoMessageBegunIsAProtocolError() {
            failsWith(1002, frame(FIN | CONTINUATION, utf8("orphan")));
        }

        @Test
        void aContinuationAfterAFinishedMessageIsAProtocolError() {
            List<Inbound> results = decode(concat(text("done"), frame(FIN | CONTINUATION, utf8("more"))));

            assertThat(endsWithClose(results, 1002)).containsExactly(line("done"));
        }

        @ParameterizedTest(name = "opcode {0}")
        @ValueSource(ints = {TEXT, BINARY})
        void aNewMessageWhileOneIsOpenIsAProtocolError(int opcode) {
            failsWith(1002, concat(frame(TEXT, utf8("open")), frame(FIN | opcode, utf8("new"))));
        }

        @Test
        void theClientsCloseBetweenFragmentsEndsTheConversation() {
            List<Inbound> results = decode(concat(frame(TEXT, utf8("never")), close(1000, bytes())));

            assertThat(endsWithClose(results, 1000)).isEmpty();
        }
    }

    @Nested
    class Case6Utf8 {

        @Test
        void textInManyScriptsIsAccepted() {
            String text = "κόσμε Привет 你好 שלום \uD83C\uDFF4\uDB40\uDC67 \u00ff\u07ff\u0800\uffff\uD800\uDC00\uDBFF\uDFFF";

            assertThat(decode(text(text))).containsExactly(line(text));
        }

        /** 6.2: a four-byte character cut between every pair of fragments. */
        @Test
        void aCharacterSplitAcrossFragmentsIsAccepted() {
            byte[] emoji = utf8("\uD83D\uDE00");
            for (int cut = 1; cut < emoji.length; cut++) {
                byte[] input = concat(frame(TEXT, Arrays.copyOf(emoji, cut)),
                        frame(FIN | CONTINUATION, Arrays.copyOfRange(emoji, cut, emoji.length)));

                assertThat(decode(input)).as("cut after %d", cut).containsExactly(line("\uD83D\uDE00"));
            }
        }

        /** 6.4: the failure comes at the impossible byte, before the frame or the message is complete. */
        @Test
        void invalidUtf8FailsFastInTheMiddleOfAFrame() {
            byte[] payload = concat(utf8("κόσμε"), bytes(0xF4, 0x90, 0x80, 0x80), utf8("edited"));
            byte[] frame = frame(TEXT, payload); // not final: the message could go on
            int bad = frame.length - payload.length + utf8("κόσμε").length + 1; // 0x90 after 0xF4

            failsWith(1007, Arrays.copyOf(frame, bad + 1));
        }

        @Test
        void invalidUtf8FailsFastInALaterFragment() {
            byte[] input = concat(frame(TEXT, utf8("first ")), frame(CONTINUATION, bytes(0xCE)),
                    frame(CONTINUATION, bytes(0x41))); // 0xCE wants a continuation byte, not 'A'

            failsWith(1007, input);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "80", "bf", "c0 af", "c1 bf", "e0 80 af", "e0 9f bf", "f0 80 80 af", "f0 8f bf bf",
            "ed a0 80", "ed bf bf", "ed a0 80 ed b0 80", "f4 90 80 80", "f5 80 80 80", "fe", "ff",
            "c2 41", "e1 80 41", "f1 80 80 41"})
        void anImpossibleSequenceIsInvalidData(String hex) {
            failsWith(1007, frame(FIN | TEXT, concat(utf8("a"), hex(hex), utf8("z"))));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"c2", "e0 a0", "f0 90 80", "f4 8f bf"})
        void aCharacterCutShortByTheEndOfTheMessageIsInvalidData(String hex) {
            failsWith(1007, frame(FIN | TEXT, concat(utf8("a"), hex(hex))));
        }

        private static byte[] hex(String hex) {
            return Arrays.stream(hex.split(" ")).map(h -> new byte[] {(byte) Integer.parseInt(h, 16)})
                    .reduce(new byte[0], WebSocketFrames::concat);
        }
    }

    @Nested
    class Case7Close {

        @Test
        void anEmptyCloseIsAnsweredWithNormalClosure() {
            List<Inbound> results = decode(concat(frame(FIN | CLOSE, bytes()), text("after the close")));

            assertThat(results).hasSize(1);
            Inbound.Hangup hangup = (Inbound.Hangup) results.get(0);
            assertThat(sent(hangup).code()).isEqualTo(1000);
            assertThat(hangup.reason()).isEqualTo(Inbound.PEER_CLOSED);
        }

        @Test
        void aCloseWithAOneBytePayloadIsAProtocolError() {
            failsWith(1002, frame(FIN | CLOSE, bytes(0x03)));
        }

        @ParameterizedTest(name = "code {0}")
        @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
        void aValidCodeIsEchoed(int code) {
            List<Inbound> results = decode(close(code, utf8("bye")));

            assertThat(results).hasSize(1);
            assertThat(sent(results.get(0)).code()).isEqualTo(code);
            assertThat(((Inbound.Hangup) results.get(0)).reason()).isEqualTo(Inbound.PEER_CLOSED);
        }

        @ParameterizedTest(name = "code {0}")
        @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        void anInvalidCodeIsAProtocolError(int code) {
            failsWith(1002, close(code, bytes()));
        }

        @Test
        void aReasonOf123BytesIsAccepted() {
            assertThat(sent(decode(close(1000, repeat('r', 123))).get(0)).code()).isEqualTo(1000);
        }

        @Test
        void aReasonThatIsNotUtf8IsInvalidData() {
            failsWith(1007, close(1000, concat(utf8("bye "), bytes(0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC,
                    0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64))));
        }

        @Test
        void aCloseAfterAMessageComesAfterIt() {
            List<Inbound> results = decode(concat(text("last words"), close(1001, bytes())));

            assertThat(endsWithClose(results, 1001)).containsExactly(line("last words"));
        }

        @ParameterizedTest(name = "going away: {0}")
        @ValueSource(booleans = {false, true})
        void theGoodbyeIsACloseWithTheReason(boolean goingAway) {
            ServerFrame goodbye = WebSocketFrames.read(new WebSocketFraming(MAX).goodbye("quit", goingAway));

            assertThat(goodbye.code()).isEqualTo(goingAway ? 1001 : 1000);
            assertThat(goodbye.reason()).isEqualTo("quit");
        }

        /** A control frame holds 125 bytes: 2 for the code, 123 for the reason, cut between characters. */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"r", "é", "你", "\uD83D\uDE00"})
        void aLongReasonIsCutToFitWithoutSplittingACharacter(String unit) {
            String reason = unit.repeat(200);

            ServerFrame goodbye = WebSocketFrames.read(WebSocketFraming.close(1000, reason));

            int unitBytes = utf8(unit).length;
            assertThat(goodbye.payload().length - 2).isEqualTo(123 / unitBytes * unitBytes);
            assertThat(goodbye.reason()).isEqualTo(unit.repeat(123 / unitBytes));
        }

        @Test
        void aGoodbyeWithNoReasonIsJustTheCode() {
            ByteBuffer goodbye = new WebSocketFraming(MAX).goodbye("", false);

            assertThat(WebSocketFrames.read(goodbye).payload()).isEqualTo(bytes(0x03, 0xE8));
        }
    }

    @Nested
    class Case9Limits {

        @Test
        void aMessageOfExactlyTheLimitIsALine() {
            String text = "m".repeat(MAX);

            assertThat(decode(text(text))).containsExactly(line(text));
        }

        @Test
        void aMessageOverTheLimitIsTooBigFromItsHeaderAlone() {
            byte[] frame = text("m".repeat(MAX + 1));

            failsWith(1009, Arrays.copyOf(frame, 4)); // 0x81, 126, length: not even the mask key
        }

        @Test
        void fragmentsThatTogetherPassTheLimitAreTooBigAtTheHeaderThatPassesIt() {
            byte[] first = frame(TEXT, repeat('a', MAX - 10));
            byte[] second = frame(FIN | CONTINUATION, repeat('b', 11));

            failsWith(1009, concat(first, Arrays.copyOf(second, 2)));
        }

        @Test
        void fragmentsThatTogetherMakeTheLimitExactlyAreALine() {
            assertThat(decode(concat(frame(TEXT, repeat('a', MAX - 10)), frame(FIN | CONTINUATION, repeat('b', 10)))))
                    .containsExactly(line("a".repeat(MAX - 10) + "b".repeat(10)));
        }

        @Test
        void aLengthOf2To62IsTooBigAndNothingIsKept() {
            failsWith(1009, header64(FIN | TEXT, 1L << 62));
        }

        @Test
        void aLengthWithItsTopBitSetIsAProtocolError() {
            failsWith(1002, header64(FIN | TEXT, 1L << 63));
            failsWith(1002, header64(FIN | TEXT, -1L));
        }

        @Test
        void aControlFrameClaimingALongLengthIsAProtocolError() {
            failsWith(1002, header64(FIN | PING, 5));
        }

        @Test
        void controlFramesDoNotCountTowardsTheMessageLimit() {
            List<Inbound> results = decode(10, concat(frame(TEXT, repeat('a', 5)), ping(repeat('p', 100)),
                    frame(FIN | CONTINUATION, repeat('b', 5))));

            assertThat(results).hasSize(2);
            assertThat(results.get(1)).isEqualTo(line("aaaaabbbbb"));
        }
    }

    /** A text message is one line whatever it holds; the chat removes controls from it as from any line. */
    @Test
    void lineEndsInsideAMessageEndNothing() {
        assertThat(decode(text("one\r\ntwo\nthree"))).containsExactly(line("one\r\ntwo\nthree"));
    }

    @Test
    void eventsGoOutAsWebSocketJsonWhateverTheFormatAsked() {
        WebSocketFraming framing = new WebSocketFraming(MAX);
        assertThat(framing.format(Format.TEXT)).as("the format it keeps").isEqualTo(Format.JSON);
        EventEncoder encoder = new EventEncoder(ZoneOffset.UTC);
        Outbound out = new Outbound(new Event.Welcome(Instant.parse("2024-05-01T12:34:56Z")));

        assertThat(framing.encode(out, encoder)).isSameAs(encoder.bytes(out, Wire.WS_JSON));
    }
}
