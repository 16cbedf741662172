package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineDecoderTest {

    private static final int IAC = 0xFF;
    private static final int DONT = 0xFE;
    private static final int DO = 0xFD;
    private static final int WONT = 0xFC;
    private static final int WILL = 0xFB;
    private static final int SB = 0xFA;
    private static final int GA = 0xF9;
    private static final int AYT = 0xF6;
    private static final int IP = 0xF4;
    private static final int NOP = 0xF1;
    private static final int SE = 0xF0;

    /** Marker used in the rendered output for a {@link Inbound.TooLong}. */
    private static final String TOO_LONG = "<too long>";

    // ---------------------------------------------------------------- helpers

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Drains every buffer in turn through {@code decoder}, collecting all results (no finish()). */
    private static List<Inbound> feed(LineDecoder decoder, byte[]... chunks) {
        List<Inbound> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            Inbound d;
            while ((d = decoder.next(in)) != null) {
                out.add(d);
            }
            assertThat(in.hasRemaining()).as("next() returned null with input left").isFalse();
        }
        return out;
    }

    /** Renders results as strings: the line text, or {@link #TOO_LONG}. */
    private static List<String> render(List<Inbound> results) {
        List<String> out = new ArrayList<>();
        for (Inbound d : results) {
            if (d instanceof Inbound.Line line) {
                out.add(line.text());
            } else if (d instanceof Inbound.TooLong) {
                out.add(TOO_LONG);
            } else {
                throw new AssertionError("unexpected result " + d);
            }
        }
        return out;
    }

    private static List<String> lines(int max, byte[]... chunks) {
        return render(feed(new LineDecoder(max), chunks));
    }

    private static List<String> lines(byte[]... chunks) {
        return lines(1024, chunks);
    }

    /** Splits {@code data} into buffers of one byte each. */
    private static byte[][] oneByteChunks(byte[] data) {
        byte[][] out = new byte[data.length][];
        for (int i = 0; i < data.length; i++) {
            out[i] = new byte[] {data[i]};
        }
        return out;
    }

    /** Splits {@code data} at {@code at}. */
    private static byte[][] splitAt(byte[] data, int at) {
        return new byte[][] {Arrays.copyOfRange(data, 0, at), Arrays.copyOfRange(data, at, data.length)};
    }

    // ---------------------------------------------------------------- construction

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsNonPositiveCap(int max) {
        assertThatThrownBy(() -> new LineDecoder(max)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetForgetsAHalfLineATrailingCrAndATelnetCommand() {
        for (String leftover : new String[] {"half", "a\r", "\u00ff", "\u00ff\u00fa1"}) {
            LineDecoder decoder = new LineDecoder(16);
            ByteBuffer first = ByteBuffer.wrap(leftover.getBytes(StandardCharsets.ISO_8859_1));
            while (decoder.next(first) != null) {
                // lines before the leftover are not what this test is about
            }
            decoder.reset();
            assertThat(decoder.hasPartialLine()).isFalse();
            assertThat(decoder.next(ByteBuffer.wrap(utf8("next\n")))).as(leftover).isEqualTo(new Inbound.Line("next"));
        }
    }

    @Test
    void emptyInputGivesNothing() {
        LineDecoder decoder = new LineDecoder(16);
        ByteBuffer empty = ByteBuffer.allocate(0);
        assertThat(decoder.next(empty)).isNull();
        assertThat(decoder.hasPartialLine()).isFalse();
        assertThat(decoder.finish()).isNull();
    }

    // ---------------------------------------------------------------- line ends

    static Stream<Arguments> lineEnds() {
        return Stream.of(
                Arguments.of("LF", bytes('\n')),
                Arguments.of("CR LF", bytes('\r', '\n')),
                Arguments.of("CR NUL", bytes('\r', 0)),
                Arguments.of("lone CR", bytes('\r')));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineEnds")
    void eachLineEndTerminatesExactlyOneLine(String name, byte[] end) {
        byte[] input = concat(utf8("hello"), end, utf8("world"), end);
        assertThat(lines(input)).containsExactly("hello", "world");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineEnds")
    void eachLineEndWorksInOneByteBuffers(String name, byte[] end) {
        byte[] input = concat(utf8("hello"), end, utf8("world"), end);
        assertThat(lines(oneByteChunks(input))).containsExactly("hello", "world");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineEnds")
    void emptyLinesAreReported(String name, byte[] end) {
        byte[] input = concat(end, utf8("a"), end, end);
        assertThat(lines(input)).containsExactly("", "a", "");
    }

    @Test
    void loneCrFollowedByTextStartsTheNextLine() {
        // "a" CR "b" LF: the CR ends "a"; "b" is a fresh line and its first byte is not dropped
        assertThat(lines(utf8("a\rb\n"))).containsExactly("a", "b");
    }

    @Test
    void crCrIsTwoLineEnds() {
        assertThat(lines(utf8("a\r\rb\r"))).containsExactly("a", "", "b");
    }

    @Test
    void lfCrIsTwoLineEnds() {
        // LF then CR: LF ends "a", CR ends an empty line (CR LF is a pair, LF CR is not)
        assertThat(lines(utf8("a\n\rb\n"))).containsExactly("a", "", "b");
    }

    @Test
    void nulOnlyEatenRightAfterCr() {
        // a NUL that does not follow CR is ordinary data
        assertThat(lines(bytes('a', 0, 'b', '\n'))).containsExactly("a\0b");
    }

    @Test
    void onlyOneLfIsEatenAfterCr() {
        assertThat(lines(utf8("a\r\n\nb\n"))).containsExactly("a", "", "b");
    }

    @ParameterizedTest(name = "CR then {0} in the next buffer")
    @ValueSource(ints = {'\n', 0})
    void crAtEndOfOneBufferAndPartnerInNextGivesOneLine(int partner) {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(render(feed(decoder, utf8("first\r")))).containsExactly("first");
        // the LF / NUL arriving late must not produce an extra empty line
        assertThat(render(feed(decoder, bytes(partner)))).isEmpty();
        assertThat(render(feed(decoder, utf8("second\r\n")))).containsExactly("second");
        assertThat(decoder.hasPartialLine()).isFalse();
        assertThat(decoder.finish()).isNull();
    }

    @Test
    void crAtEndOfBufferFollowedByTextInNextBuffer() {
        assertThat(lines(utf8("first\r"), utf8("second\n"))).containsExactly("first", "second");
    }

    @Test
    void crIsReportedImmediatelyWithoutWaitingForNextByte() {
        // an interactive client sending only CR must get its line now, not on the next keystroke
        LineDecoder decoder = new LineDecoder(64);
        ByteBuffer in = ByteBuffer.wrap(utf8("hi\r"));
        assertThat(decoder.next(in)).isEqualTo(new Inbound.Line("hi"));
        assertThat(decoder.next(in)).isNull();
    }

    @Test
    void manyLinesInOneBuffer() {
        String input = """
                alpha
                beta

                gamma delta
                /msg bob hi there
                """;
        assertThat(lines(utf8(input)))
                .containsExactly("alpha", "beta", "", "gamma delta", "/msg bob hi there");
    }

    @Test
    void manyLinesInOneBufferWithCrLf() {
        String input = """
                one\r
                two\r
                three\r
                """;
        assertThat(lines(utf8(input))).containsExactly("one", "two", "three");
    }

    @Test
    void nextStopsAfterEachLineAndLeavesTheRestUnread() {
        LineDecoder decoder = new LineDecoder(64);
        ByteBuffer in = ByteBuffer.wrap(utf8("ab\ncd\nef"));
        assertThat(decoder.next(in)).isEqualTo(new Inbound.Line("ab"));
        assertThat(in.position()).isEqualTo(3);
        assertThat(decoder.next(in)).isEqualTo(new Inbound.Line("cd"));
        assertThat(in.position()).isEqualTo(6);
        assertThat(decoder.next(in)).isNull();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(decoder.hasPartialLine()).isTrue();
        assertThat(decoder.finish()).isEqualTo(new Inbound.Line("ef"));
    }

    @Test
    void lineSplitAcrossManyOneByteBuffers() {
        byte[] input = utf8("the quick brown fox ☃ jumps\r\nover\n");
        assertThat(lines(oneByteChunks(input))).containsExactly("the quick brown fox ☃ jumps", "over");
    }

    @Test
    void everySplitPointOfAMixedInputGivesTheSameLines() {
        byte[] input = concat(
                utf8("héllo\r\n"),
                bytes(IAC, WILL, 1, IAC, SB, 24, 0, 'x', 'y', IAC, SE),
                utf8("wo"),
                bytes(IAC, IAC, IAC, NOP),
                utf8("rld\r"),
                bytes(0),
                utf8("last\r"),
                utf8("next\n"));
        List<String> expected = List.of("héllo", "wo\uFFFDrld", "last", "next");
        assertThat(lines(input)).isEqualTo(expected);
        for (int at = 0; at <= input.length; at++) {
            assertThat(lines(splitAt(input, at))).as("split at %d", at).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- telnet

    static Stream<Arguments> telnetSequences() {
        return Stream.of(
                Arguments.of("IAC WILL ECHO", bytes(IAC, WILL, 1)),
                Arguments.of("IAC WONT ECHO", bytes(IAC, WONT, 1)),
                Arguments.of("IAC DO SGA", bytes(IAC, DO, 3)),
                Arguments.of("IAC DONT LINEMODE", bytes(IAC, DONT, 34)),
                // option byte that looks like a line end or IAC must still be swallowed
                Arguments.of("IAC DO <LF>", bytes(IAC, DO, '\n')),
                Arguments.of("IAC WILL <CR>", bytes(IAC, WILL, '\r')),
                Arguments.of("IAC WONT <IAC>", bytes(IAC, WONT, IAC)),
                Arguments.of("IAC NOP", bytes(IAC, NOP)),
                Arguments.of("IAC AYT", bytes(IAC, AYT)),
                Arguments.of("IAC IP", bytes(IAC, IP)),
                Arguments.of("IAC GA", bytes(IAC, GA)),
                Arguments.of("IAC SE (stray)", bytes(IAC, SE)),
                Arguments.of("IAC SB NAWS ... IAC SE", bytes(IAC, SB, 31, 0, 80, 0, 24, IAC, SE)),
                Arguments.of("IAC SB TTYPE IS xterm IAC SE",
                        concat(bytes(IAC, SB, 24, 0), utf8("xterm"), bytes(IAC, SE))),
                Arguments.of("SB containing CR LF and NUL",
                        concat(bytes(IAC, SB, 24, 0), utf8("a\r\nb\0c\n"), bytes(IAC, SE))),
                Arguments.of("SB containing escaped IAC IAC then SE as data",
                        bytes(IAC, SB, 24, IAC, IAC, SE, 'q', IAC, SE)),
                Arguments.of("SB with IAC followed by non-SE",
                        bytes(IAC, SB, 24, IAC, NOP, 'z', '\n', IAC, SE)),
                Arguments.of("several in a row",
                        bytes(IAC, DO, 1, IAC, WILL, 3, IAC, NOP, IAC, SB, 5, 6, IAC, SE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telnetSequences")
    void telnetSequenceNeverAppearsInText(String name, byte[] seq) {
        byte[] input = concat(utf8("ab"), seq, utf8("cd\n"), seq, utf8("ef\r\n"));
        assertThat(lines(input)).as(name).containsExactly("abcd", "ef");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telnetSequences")
    void telnetSequenceSplitAtEveryPointNeverAppearsInText(String name, byte[] seq) {
        byte[] input = concat(utf8("ab"), seq, utf8("cd\n"));
        for (int at = 0; at <= input.length; at++) {
            assertThat(lines(splitAt(input, at))).as("%s split at %d", name, at).containsExactly("abcd");
        }
        assertThat(lines(oneByteChunks(input))).as(name).containsExactly("abcd");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telnetSequences")
    void telnetSequenceAloneDoesNotMakeALine(String name, byte[] seq) {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(feed(decoder, seq)).isEmpty();
        assertThat(decoder.hasPartialLine()).isFalse();
        assertThat(decoder.finish()).isNull();
    }

    @Test
    void iacIacIsDataByteFF() {
        // 0xFF is not valid UTF-8 so it shows as U+FFFD, proving exactly one byte reached the text
        List<Inbound> out = feed(new LineDecoder(64), bytes('a', IAC, IAC, 'b', '\n'));
        assertThat(render(out)).containsExactly("a\uFFFDb");
    }

    @Test
    void iacIacIsOneDataByteAndTheCapCountsWhatWillBeSent() {
        // "a" 0xFF "b": 4 bytes on the wire, 3 data bytes, and 5 bytes as sent ("a" U+FFFD "b")
        assertThat(lines(5, bytes('a', IAC, IAC, 'b', '\n'))).containsExactly("a\uFFFDb");
        assertThat(lines(4, bytes('a', IAC, IAC, 'b', '\n'))).containsExactly(TOO_LONG);
    }

    @Test
    void twoEscapedFfBytesGiveOneReplacementChar() {
        // 0xFF never appears in valid UTF-8; a run of invalid bytes is one U+FFFD
        assertThat(lines(bytes(IAC, IAC, IAC, IAC, '\n'))).containsExactly("\uFFFD");
    }

    @Test
    void aRunOfInvalidBytesIsOneReplacementCharNotThreeBytesEach() {
        byte[] garbage = new byte[4095];
        Arrays.fill(garbage, (byte) 0x80);
        assertThat(lines(4096, garbage, bytes('!', '\n'))).containsExactly("\uFFFD!");
    }

    @Test
    void invalidBytesBetweenTextStillCountAsSentAgainstTheCap() {
        // 0x80 'a' repeated: 2 bytes in, 4 bytes out ("U+FFFD a") for each pair
        byte[] mixed = new byte[2000];
        for (int i = 0; i < mixed.length; i += 2) {
            mixed[i] = (byte) 0x80;
            mixed[i + 1] = 'a';
        }
        assertThat(lines(3000, mixed, bytes('\n'))).containsExactly(TOO_LONG);
        assertThat(lines(4000, mixed, bytes('\n'))).hasSize(1).allMatch(line -> !line.equals(TOO_LONG));
    }

    @Test
    void iacIacSplitAcrossBuffers() {
        assertThat(lines(bytes('a', IAC), bytes(IAC, 'b', '\n'))).containsExactly("a\uFFFDb");
    }

    @Test
    void telnetCommandsDoNotCountAgainstTheCap() {
        byte[] input = concat(utf8("abc"), bytes(IAC, WILL, 1, IAC, SB, 1, 2, 3, 4, 5, IAC, SE, IAC, NOP), utf8("\n"));
        assertThat(lines(3, input)).containsExactly("abc");
    }

    @Test
    void telnetNegotiationBeforeCrLf() {
        // typical telnet client start: negotiation then a CR NUL-terminated line
        byte[] input = concat(
                bytes(IAC, DO, 1, IAC, WILL, 31, IAC, SB, 31, 0, 80, 0, 24, IAC, SE),
                utf8("/nick alice"),
                bytes('\r', 0),
                bytes(IAC, AYT),
                utf8("hello\r\n"));
        assertThat(lines(input)).containsExactly("/nick alice", "hello");
    }

    @Test
    void telnetSequenceRightAfterCrDoesNotDisturbLines() {
        // CR ends the line; the IAC sequence is consumed; a later LF then is its own line end
        assertThat(lines(concat(utf8("a\r"), bytes(IAC, WILL, 1), utf8("b\n"))))
                .containsExactly("a", "b");
    }

    // ---------------------------------------------------------------- UTF-8

    @Test
    void validUtf8IsInbound() {
        String text = "héllo wörld — 日本語 😀";
        assertThat(lines(concat(utf8(text), utf8("\n")))).containsExactly(text);
    }

    @Test
    void multiByteCharacterSplitAcrossBuffers() {
        byte[] input = utf8("😀\n");
        for (int at = 0; at <= input.length; at++) {
            assertThat(lines(splitAt(input, at))).as("split at %d", at).containsExactly("😀");
        }
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("lone continuation byte", bytes('a', 0x80, 'b')),
                Arguments.of("truncated 2-byte seq", bytes('a', 0xC3, 'b')),
                Arguments.of("truncated at end of line", bytes('a', 0xE2, 0x82)),
                Arguments.of("overlong encoding of '/'", bytes('a', 0xC0, 0xAF, 'b')),
                Arguments.of("surrogate encoded", bytes('a', 0xED, 0xA0, 0x80, 'b')),
                Arguments.of("above U+10FFFF", bytes('a', 0xF4, 0x90, 0x80, 0x80, 'b')),
                Arguments.of("0xFE", bytes('a', 0xFE, 'b')),
                Arguments.of("latin-1 text", bytes('c', 'a', 'f', 0xE9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8BecomesReplacementCharWithoutThrowing(String name, byte[] bad) {
        LineDecoder decoder = new LineDecoder(64);
        List<Inbound> out = new ArrayList<>();
        assertThatCode(() -> out.addAll(feed(decoder, concat(bad, utf8("\n"), utf8("ok\n")))))
                .doesNotThrowAnyException();
        List<String> text = render(out);
        assertThat(text).hasSize(2);
        assertThat(text.get(0)).contains("\uFFFD");
        assertThat(text.get(1)).isEqualTo("ok");
    }

    @Test
    void invalidUtf8KeepsSurroundingValidText() {
        assertThat(lines(bytes('a', 0x80, 'b', '\n'))).containsExactly("a\uFFFDb");
    }

    @Test
    void randomGarbageNeverThrowsAndLinesNeverContainLineEnds() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(600)];
            random.nextBytes(data);
            LineDecoder decoder = new LineDecoder(1 + random.nextInt(100));
            List<Inbound> out = new ArrayList<>();
            int pos = 0;
            while (pos < data.length) {
                int len = Math.min(data.length - pos, 1 + random.nextInt(40));
                out.addAll(feed(decoder, Arrays.copyOfRange(data, pos, pos + len)));
                pos += len;
            }
            Inbound last = decoder.finish();
            if (last != null) {
                out.add(last);
            }
            for (Inbound d : out) {
                if (d instanceof Inbound.Line line) {
                    assertThat(line.text()).doesNotContain("\n", "\r");
                }
            }
        }
    }

    // ---------------------------------------------------------------- cap

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 127, 128, 129, 255, 256, 257, 1000, 4096})
    void lineOfExactlyMaxBytesIsAccepted(int max) {
        String text = "x".repeat(max);
        assertThat(lines(max, utf8(text + "\n"))).containsExactly(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 127, 128, 129, 255, 256, 257, 1000, 4096})
    void oneByteOverGivesTooLongOnceAndNextLineDecodes(int max) {
        LineDecoder decoder = new LineDecoder(max);
        String next = "n".repeat(Math.min(max, 4));
        List<Inbound> out = feed(decoder, utf8("y".repeat(max + 1) + "\n" + next + "\n"));
        assertThat(out).containsExactly(new Inbound.TooLong(max), new Inbound.Line(next));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineEnds")
    void tooLongIsReportedOnceWhateverTheLineEnd(String name, byte[] end) {
        LineDecoder decoder = new LineDecoder(4);
        List<String> out = render(feed(decoder, concat(utf8("abcdefgh"), end, utf8("ok"), end)));
        assertThat(out).containsExactly(TOO_LONG, "ok");
    }

    @Test
    void tooLongCarriesTheCap() {
        List<Inbound> out = feed(new LineDecoder(7), utf8("12345678\n"));
        assertThat(out).containsExactly(new Inbound.TooLong(7));
    }

    @Test
    void capCountsBytesNotChars() {
        // "é" is 2 bytes: 3 of them are 6 bytes
        assertThat(lines(6, utf8("ééé\n"))).containsExactly("ééé");
        assertThat(lines(5, utf8("ééé\n"))).containsExactly(TOO_LONG);
    }

    @Test
    void tooLongIsNotReportedUntilTheLineEnds() {
        LineDecoder decoder = new LineDecoder(4);
        assertThat(feed(decoder, utf8("abcdefgh"))).isEmpty();
        assertThat(decoder.hasPartialLine()).isTrue();
        assertThat(feed(decoder, utf8("ijk"))).isEmpty();
        assertThat(feed(decoder, utf8("\n"))).containsExactly(new Inbound.TooLong(4));
        assertThat(decoder.hasPartialLine()).isFalse();
    }

    @Test
    void overflowSplitAcrossOneByteBuffers() {
        byte[] input = utf8("abcdef\nxy\n");
        assertThat(lines(5, oneByteChunks(input))).containsExactly(TOO_LONG, "xy");
    }

    @Test
    void hugeInputWithoutNewlineGivesOneTooLongThenDecodesNormally() {
        int max = 1024;
        LineDecoder decoder = new LineDecoder(max);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'z');
        // 64 MiB with no line end: nothing is reported while it streams in
        for (int i = 0; i < 1024; i++) {
            assertThat(decoder.next(ByteBuffer.wrap(chunk))).isNull();
        }
        assertThat(decoder.hasPartialLine()).isTrue();
        // telnet noise inside the overflow is still parsed (not leaked into later lines)
        assertThat(feed(decoder, bytes(IAC, SB, 24, '\n', IAC, SE))).isEmpty();
        List<String> out = render(feed(decoder, utf8("tail\r\nafter 1\nafter 2\r\n")));
        assertThat(out).containsExactly(TOO_LONG, "after 1", "after 2");
        assertThat(decoder.hasPartialLine()).isFalse();
        assertThat(decoder.finish()).isNull();
    }

    @Test
    void lineEndSplitFromOverflowedLineDoesNotMakeAnExtraLine() {
        LineDecoder decoder = new LineDecoder(3);
        assertThat(render(feed(decoder, utf8("abcdef\r")))).containsExactly(TOO_LONG);
        assertThat(feed(decoder, utf8("\n"))).isEmpty();
        assertThat(render(feed(decoder, utf8("ok\n")))).containsExactly("ok");
    }

    @Test
    void successiveTooLongLinesAreEachReportedOnce() {
        assertThat(lines(3, utf8("aaaa\nbbbbbbbb\nccc\ndddd\n")))
                .containsExactly(TOO_LONG, TOO_LONG, "ccc", TOO_LONG);
    }

    @Test
    void shortLinesAfterALongOneAreNotCorruptedByReusedBuffer() {
        // a long line then a shorter one: the shorter must not carry bytes from the longer
        assertThat(lines(utf8("abcdefghij\nxyz\n\nq\n"))).containsExactly("abcdefghij", "xyz", "", "q");
    }

    // ---------------------------------------------------------------- finish / EOF

    @Test
    void finishReturnsPartialLastLine() {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(render(feed(decoder, utf8("one\ntwo")))).containsExactly("one");
        assertThat(decoder.finish()).isEqualTo(new Inbound.Line("two"));
        assertThat(decoder.finish()).isNull();
        assertThat(decoder.hasPartialLine()).isFalse();
    }

    @Test
    void finishWithNothingPendingReturnsNull() {
        LineDecoder decoder = new LineDecoder(64);
        feed(decoder, utf8("one\n"));
        assertThat(decoder.finish()).isNull();
    }

    @Test
    void finishAfterTrailingCrReturnsNull() {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(render(feed(decoder, utf8("one\r")))).containsExactly("one");
        assertThat(decoder.finish()).isNull();
    }

    @Test
    void finishReturnsPartialLineEndingInsideTelnetSequence() {
        LineDecoder decoder = new LineDecoder(64);
        feed(decoder, concat(utf8("bye"), bytes(IAC, SB, 1, 2)));
        assertThat(decoder.finish()).isEqualTo(new Inbound.Line("bye"));
    }

    @Test
    void finishReportsOverflowedPartialLineAsTooLongOnce() {
        LineDecoder decoder = new LineDecoder(4);
        assertThat(feed(decoder, utf8("abcdefgh"))).isEmpty();
        assertThat(decoder.finish()).isEqualTo(new Inbound.TooLong(4));
        assertThat(decoder.finish()).isNull();
        assertThat(decoder.hasPartialLine()).isFalse();
    }

    @Test
    void finishWithInvalidUtf8DoesNotThrow() {
        LineDecoder decoder = new LineDecoder(64);
        feed(decoder, bytes('o', 'k', 0xE2, 0x82));
        assertThat(decoder.finish()).isInstanceOfSatisfying(Inbound.Line.class,
                line -> assertThat(line.text()).startsWith("ok").contains("\uFFFD"));
    }

    // ---------------------------------------------------------------- partial line / release

    @Test
    void hasPartialLineTracksIncompleteLines() {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(decoder.hasPartialLine()).isFalse();
        feed(decoder, utf8("ab"));
        assertThat(decoder.hasPartialLine()).isTrue();
        feed(decoder, utf8("c\n"));
        assertThat(decoder.hasPartialLine()).isFalse();
        feed(decoder, utf8("d\r"));
        assertThat(decoder.hasPartialLine()).isFalse();
        feed(decoder, utf8("\n"));
        assertThat(decoder.hasPartialLine()).isFalse();
    }

    @Test
    void hasPartialLineIsTrueWhileOverflowing() {
        LineDecoder decoder = new LineDecoder(2);
        feed(decoder, utf8("abc"));
        assertThat(decoder.hasPartialLine()).isTrue();
        decoder.releaseIfIdle(); // must not forget the overflow
        assertThat(decoder.hasPartialLine()).isTrue();
        assertThat(render(feed(decoder, utf8("\nok\n")))).containsExactly(TOO_LONG, "ok");
    }

    @Test
    void releaseIfIdleKeepsAPartialLine() {
        LineDecoder decoder = new LineDecoder(64);
        feed(decoder, utf8("hel"));
        decoder.releaseIfIdle();
        assertThat(decoder.hasPartialLine()).isTrue();
        assertThat(render(feed(decoder, utf8("lo\n")))).containsExactly("hello");
    }

    @Test
    void releaseIfIdleKeepsAPartialLineLongerThanTheInitialBuffer() {
        LineDecoder decoder = new LineDecoder(4096);
        String first = "a".repeat(300);
        feed(decoder, utf8(first));
        decoder.releaseIfIdle();
        assertThat(render(feed(decoder, utf8("b".repeat(300) + "\n")))).containsExactly(first + "b".repeat(300));
    }

    @Test
    void releaseIfIdleWhenIdleThenDecodingContinues() {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(render(feed(decoder, utf8("first line\n")))).containsExactly("first line");
        decoder.releaseIfIdle();
        assertThat(decoder.hasPartialLine()).isFalse();
        assertThat(render(feed(decoder, utf8("x\n")))).containsExactly("x");
        decoder.releaseIfIdle();
        decoder.releaseIfIdle();
        assertThat(render(feed(decoder, utf8("second\n")))).containsExactly("second");
    }

    @Test
    void releaseIfIdleDoesNotLosePendingCrState() {
        LineDecoder decoder = new LineDecoder(64);
        assertThat(render(feed(decoder, utf8("a\r")))).containsExactly("a");
        decoder.releaseIfIdle();
        assertThat(feed(decoder, utf8("\n"))).isEmpty();
        assertThat(render(feed(decoder, utf8("b\n")))).containsExactly("b");
    }

    @Test
    void releaseIfIdleDoesNotLosePendingTelnetState() {
        LineDecoder decoder = new LineDecoder(64);
        feed(decoder, bytes(IAC, SB, 24, 'x'));
        decoder.releaseIfIdle();
        assertThat(render(feed(decoder, concat(utf8("y\n"), bytes(IAC, SE), utf8("real\n")))))
                .containsExactly("real");
    }

    @Nested
    class Interleaving {
        @Test
        void callerCanStopBetweenLinesAndResumeWithSameBuffer() {
            LineDecoder decoder = new LineDecoder(64);
            ByteBuffer in = ByteBuffer.wrap(utf8("a\r\nb\r\nc"));
            assertThat(decoder.next(in)).isEqualTo(new Inbound.Line("a"));
            // the LF of the first CR LF is still unread; resuming later must swallow it
            assertThat(in.get(in.position())).isEqualTo((byte) '\n');
            decoder.releaseIfIdle();
            assertThat(decoder.next(in)).isEqualTo(new Inbound.Line("b"));
            assertThat(decoder.next(in)).isNull();
            assertThat(decoder.finish()).isEqualTo(new Inbound.Line("c"));
        }
    }
}
