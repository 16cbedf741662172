package chatroom.server.net;

import static chatroom.server.net.LineDecoderTest.bytes;
import static chatroom.server.net.LineDecoderTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.protocol.Format;
import chatroom.protocol.Text;
import chatroom.protocol.testing.Awkward;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The line decoder over random bytes, {@link Awkward#TRIES} inputs per property: however a
 * connection's reads cut the bytes, the lines are the same; whatever the bytes, it never
 * throws, and a line holds no line end and fits the cap as it will be sent; telnet commands
 * never change the text; and a line that never ends costs memory bounded by the cap.
 *
 * <p>The decoders here are {@link LineFraming}s used through {@link Framing}, the way a
 * {@link Connection} uses them: one read at a time, then {@link Framing#releaseIfIdle}.
 */
class LineDecoderPropertyTest {

    private static final int IAC = 0xFF;
    private static final int SB = 0xFA;
    private static final int SE = 0xF0;
    /** WILL, WONT, DO and DONT are 0xFB..0xFE; each takes an option byte. */
    private static final int WILL = 0xFB;

    /** Tiny caps, and caps at and around the decoder's first buffer (128 bytes) and its doublings. */
    private static final int[] CAPS = {1, 2, 3, 4, 5, 8, 100, 127, 128, 129, 255, 256, 257, 1000};

    private static final byte[][] LINE_ENDS = {{'\n'}, {'\r', '\n'}, {'\r', 0}, {'\r'}};

    /** Not UTF-8: stray continuations, cut-short sequences, an overlong '/', a surrogate, past U+10FFFF. */
    private static final byte[][] INVALID_UTF8 = {
        bytes(0x80), bytes(0xBF), bytes(0xC3), bytes(0xE2, 0x82), bytes(0xF0, 0x9F, 0x98), bytes(0xC0, 0xAF),
        bytes(0xED, 0xA0, 0x80), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5), bytes(0xFE),
    };

    /** What runs near the cap are made of: 1-, 2-, 3- and 4-byte characters, an invalid byte, U+FFFD itself. */
    private static final byte[][] RUN_UNITS = {
        utf8("x"), utf8("\u00e9"), utf8("\u20ac"), utf8("\uD83D\uDE00"), bytes(0x80), utf8("\uFFFD"),
    };

    /** Bytes for a decoder that takes lines of up to {@code cap} bytes, and where a connection's reads cut them. */
    record Input(int cap, byte[] bytes, int[] cuts) {
        @Override
        public String toString() {
            return "cap " + cap + ", cuts " + Arrays.toString(cuts)
                    + ", bytes " + HexFormat.ofDelimiter(" ").formatHex(bytes);
        }
    }

    /** Lines a telnet client sent, and what a decoder must make of them. */
    record Telnet(Input input, List<Inbound> expected) {}

    // ---------------------------------------------------------------- properties

    @Test
    void anyCutOfTheSameBytesGivesTheSameLines() {
        Awkward.forAll(51, LineDecoderPropertyTest::anyBytes,
                input -> assertThat(decode(input, input.cuts())).isEqualTo(decode(input, new int[0])));
    }

    @Test
    void whateverTheBytesALineHoldsNoLineEndAndFitsTheCapAsItWillBeSent() {
        Awkward.forAll(52, LineDecoderPropertyTest::anyBytes, input -> {
            for (Inbound result : decode(input, input.cuts())) {
                if (result instanceof Inbound.Line line) {
                    assertThat(line.text()).doesNotContain("\r", "\n")
                            .as("a run of invalid bytes is one mark").doesNotContain("\uFFFD\uFFFD");
                    assertThat(Text.utf8Length(line.text())).isLessThanOrEqualTo(input.cap());
                } else {
                    assertThat(result).isEqualTo(new Inbound.TooLong(input.cap()));
                }
            }
        });
    }

    @Test
    void telnetCommandsAndLineEndsNeverChangeTheText() {
        Awkward.forAll(53, LineDecoderPropertyTest::telnetSession,
                telnet -> assertThat(decode(telnet.input(), telnet.input().cuts())).isEqualTo(telnet.expected()));
    }

    /**
     * What the decoder keeps cannot be seen from outside, but what it allocates can, and it can
     * only keep what it allocated: so its allocations while a line runs on without an end must
     * stay near the cap however many times the cap the line runs. The buffer starts at 128 bytes
     * and doubles up to the cap, less than three times the cap in all; the slack is for array
     * headers. A line four times the bound is far past it for a decoder that keeps every byte,
     * or that drops its buffer and starts a new one.
     */
    @Test
    void aLineWithoutAnEndCostsMemoryBoundedByTheCapHoweverLongItRuns() {
        var threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean counting
                && counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled()
                ? counting : null;
        assumeTrue(threads != null, "this JVM does not count what a thread allocates");
        // Once before measuring, so that loading and linking classes is not counted against the decoder.
        Input warmUp = endlessLine(new Random(0));
        feed(new LineFraming(warmUp.cap(), Format.TEXT), reads(warmUp));
        Awkward.forAll(54, LineDecoderPropertyTest::endlessLine, input -> {
            ByteBuffer[] reads = reads(input); // made first, so that only the decoder's own allocations count
            Framing framing = new LineFraming(input.cap(), Format.TEXT);

            long before = threads.getCurrentThreadAllocatedBytes();
            boolean gaveALine = feed(framing, reads);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(gaveALine).isFalse();
            assertThat(allocated).as("bytes allocated").isLessThanOrEqualTo(allocationBound(input.cap()));
            assertThat(framing.next(ByteBuffer.wrap(bytes('\n')))).isEqualTo(new Inbound.TooLong(input.cap()));
        });
    }

    // ---------------------------------------------------------------- decoding

    /** Everything a decoder makes of {@code input} read in pieces cut at {@code cuts}, then the end of the stream. */
    private static List<Inbound> decode(Input input, int[] cuts) {
        Framing framing = new LineFraming(input.cap(), Format.TEXT);
        List<Inbound> results = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            read(framing, ByteBuffer.wrap(input.bytes(), from, cut - from), results);
            from = cut;
        }
        read(framing, ByteBuffer.wrap(input.bytes(), from, input.bytes().length - from), results);
        Inbound last = framing.finish();
        if (last != null) {
            results.add(last);
        }
        return results;
    }

    /** What a connection does with one read: takes every line in it, then lets the decoder drop its buffer. */
    private static void read(Framing framing, ByteBuffer in, List<Inbound> results) {
        for (Inbound result = framing.next(in); result != null; result = framing.next(in)) {
            results.add(result);
        }
        assertThat(in.hasRemaining()).as("next() gave up with input left").isFalse();
        framing.releaseIfIdle();
    }

    /** Feeds every read without allocating anything itself; true if any of them gave a result. */
    private static boolean feed(Framing framing, ByteBuffer[] reads) {
        boolean gaveALine = false;
        for (ByteBuffer read : reads) {
            gaveALine |= framing.next(read) != null;
            framing.releaseIfIdle();
        }
        return gaveALine;
    }

    private static ByteBuffer[] reads(Input input) {
        ByteBuffer[] reads = new ByteBuffer[input.cuts().length + 1];
        int from = 0;
        for (int i = 0; i < reads.length; i++) {
            int to = i < input.cuts().length ? input.cuts()[i] : input.bytes().length;
            reads[i] = ByteBuffer.wrap(input.bytes(), from, to - from);
            from = to;
        }
        return reads;
    }

    private static long allocationBound(int cap) {
        return 3L * cap + 1024;
    }

    // ---------------------------------------------------------------- inputs

    /** Anything a client may send: text, line ends, telnet commands whole and cut short, invalid UTF-8, noise. */
    private static Input anyBytes(Random random) {
        int cap = cap(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int pieces = random.nextInt(41); pieces > 0; pieces--) {
            switch (random.nextInt(10)) {
                case 0, 1 -> out.writeBytes(LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
                case 2 -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
                case 3 -> out.write(IAC); // whatever follows becomes its command
                default -> appendLinePiece(out, random, cap);
            }
        }
        return withCuts(random, cap, out.toByteArray());
    }

    /** One line that never ends, four times {@link #allocationBound} long or more. */
    private static Input endlessLine(Random random) {
        int cap = cap(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 4 * allocationBound(cap)) {
            appendLinePiece(out, random, cap);
        }
        return withCuts(random, cap, out.toByteArray());
    }

    /**
     * Lines of valid UTF-8 (no controls, no U+FFFD: those are the other properties' business)
     * with every kind of line end, and whole telnet commands anywhere in them, even inside a
     * character: the decoder must give exactly the lines, or TooLong for those over the cap.
     * Two things a client never sends are left out, as they would rightly give one more empty
     * line: a lone CR before an empty line ended by LF (it reads as CR LF), and a command
     * between CR and its LF.
     */
    private static Telnet telnetSession(Random random) {
        int cap = cap(random);
        int lines = random.nextInt(7);
        String[] texts = new String[lines];
        byte[][] ends = new byte[lines][];
        for (int i = 0; i < lines; i++) {
            texts[i] = validText(random, cap);
            boolean last = i == lines - 1;
            ends[i] = last && random.nextInt(3) == 0 ? new byte[0] : LINE_ENDS[random.nextInt(LINE_ENDS.length)];
        }
        for (int i = 0; i + 1 < lines; i++) {
            if (ends[i].length == 1 && ends[i][0] == '\r' && texts[i + 1].isEmpty() && ends[i + 1].length > 0
                    && ends[i + 1][0] == '\n') {
                ends[i] = LINE_ENDS[1];
            }
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Inbound> expected = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            byte[] text = utf8(texts[i]);
            int from = 0;
            for (int at : sortedPositions(random, random.nextInt(4), text.length)) {
                out.write(text, from, at - from);
                appendTelnetCommand(out, random);
                from = at;
            }
            out.write(text, from, text.length - from);
            out.writeBytes(ends[i]);
            if (ends[i].length > 0 || text.length > 0) { // an empty last line without an end is no line
                expected.add(text.length <= cap ? new Inbound.Line(texts[i]) : new Inbound.TooLong(cap));
            }
        }
        return new Telnet(withCuts(random, cap, out.toByteArray()), expected);
    }

    /** Bytes that never end a line: text, invalid UTF-8, U+FFFD itself, whole telnet commands, runs near the cap. */
    private static void appendLinePiece(ByteArrayOutputStream out, Random random, int cap) {
        switch (random.nextInt(6)) {
            case 0 -> out.writeBytes(utf8(validText(random, 8)));
            case 1 -> out.writeBytes(INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
            case 2 -> out.writeBytes(utf8("\uFFFD"));
            case 3 -> appendTelnetCommand(out, random);
            case 4 -> {
                byte[] unit = RUN_UNITS[random.nextInt(RUN_UNITS.length)];
                int length = Math.max(0, cap - 4 + random.nextInt(9));
                for (int n = 0; n < length; n += unit.length) {
                    out.writeBytes(unit);
                }
            }
            default -> out.write(' ' + random.nextInt(95));
        }
    }

    /** IAC and a command, IAC and an option verb and any option byte, or IAC SB, any bytes (IAC doubled), IAC SE. */
    private static void appendTelnetCommand(ByteArrayOutputStream out, Random random) {
        out.write(IAC);
        switch (random.nextInt(3)) {
            case 0 -> out.write(SE + random.nextInt(SB - SE)); // SE (stray), NOP, DM, BRK, IP, AO, AYT, EC, EL, GA
            case 1 -> {
                out.write(WILL + random.nextInt(4));
                out.write(random.nextInt(256));
            }
            default -> {
                out.write(SB);
                for (int n = random.nextInt(12); n > 0; n--) {
                    int b = random.nextInt(256);
                    out.write(b);
                    if (b == IAC) {
                        out.write(IAC);
                    }
                }
                out.write(IAC);
                out.write(SE);
            }
        }
    }

    /** Text of about {@code near} bytes (or none, or up to twice that), with no C0 control and no U+FFFD. */
    private static String validText(Random random, int near) {
        int bytes = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Math.max(0, near - 3 + random.nextInt(7));
            default -> random.nextInt(2 * near + 1);
        };
        StringBuilder s = new StringBuilder();
        for (long length = 0; length < bytes; ) {
            String c = Character.toString(codePoint(random));
            s.append(c);
            length += Text.utf8Length(c);
        }
        return s.toString();
    }

    /** A code point of 1, 2, 3 or 4 bytes in UTF-8: no C0 control, no surrogate, no U+FFFD. */
    private static int codePoint(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ' ' + random.nextInt(0x80 - ' ');
            case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
            case 2 -> {
                int cp = 0x800 + random.nextInt(0x10000 - 0x800);
                yield Character.isSurrogate((char) cp) || cp == 0xFFFD ? 0x4E2D : cp;
            }
            default -> 0x10000 + random.nextInt(Character.MAX_CODE_POINT + 1 - 0x10000);
        };
    }

    private static int cap(Random random) {
        return random.nextBoolean() ? CAPS[random.nextInt(CAPS.length)] : 1 + random.nextInt(300);
    }

    /** {@code bytes} with up to 8 places where a read ends, empty reads included. */
    private static Input withCuts(Random random, int cap, byte[] bytes) {
        return new Input(cap, bytes, sortedPositions(random, random.nextInt(9), bytes.length));
    }

    private static int[] sortedPositions(Random random, int count, int length) {
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = random.nextInt(length + 1);
        }
        Arrays.sort(positions);
        return positions;
    }
}
