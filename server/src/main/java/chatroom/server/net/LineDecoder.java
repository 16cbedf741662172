package chatroom.server.net;

import chatroom.protocol.Text;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of one connection into text lines, the way a telnet or nc user types them.
 *
 * <ul>
 *   <li>A line ends at LF, CR LF, or telnet's CR NUL; a lone CR ends it too, so a client
 *       that sends only CR is not stuck forever.</li>
 *   <li>Telnet IAC sequences (0xFF: commands, WILL/WONT/DO/DONT option, SB ... IAC SE
 *       subnegotiation) are consumed and never reach the text; IAC IAC is a data byte 0xFF.</li>
 *   <li>Invalid UTF-8 becomes U+FFFD; the decoder never throws on input.</li>
 *   <li>A line longer than {@code maxLineBytes} is reported once as {@link Inbound.TooLong}
 *       and the rest of it, up to the next line end, is discarded. Memory stays bounded by
 *       the cap however long the input runs without a newline.</li>
 * </ul>
 *
 * <p>The decoder pulls: {@link #next(ByteBuffer)} consumes input up to the end of one line
 * and returns it, or returns null once the input is used up. That lets the caller stop
 * between lines (flood control) and keep the unread rest for later.
 *
 * <p>Memory: the partial-line buffer exists only while a line is incomplete, and is
 * dropped by {@link #releaseIfIdle()}, so an idle connection holds no byte array.
 * {@link LineFraming} extends it rather than wrapping it: one object per connection, not two.
 */
class LineDecoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte NUL = 0;
    private static final int IAC = 0xFF;
    private static final int SB = 0xFA;
    private static final int SE = 0xF0;
    private static final int WILL = 0xFB;
    private static final int DONT = 0xFE;

    private enum State { DATA, AFTER_CR, IAC, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC }

    private static final int INITIAL_CAPACITY = 128;
    /** What an invalid UTF-8 sequence decodes to. */
    private static final char REPLACEMENT = '\uFFFD';

    private final int maxLineBytes;
    private State state = State.DATA;
    private byte[] line;
    private int length;
    private boolean overflowed;

    LineDecoder(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Consumes bytes from {@code in} up to and including the end of the next line.
     *
     * @return the line (or the report that it was too long), or null if {@code in} ran out
     *     first; the partial line is kept for the next call
     */
    public Inbound next(ByteBuffer in) {
        while (in.hasRemaining()) {
            int b = in.get() & 0xFF;
            switch (state) {
                case AFTER_CR -> {
                    state = State.DATA;
                    if (b == LF || b == NUL) {
                        continue;
                    }
                    Inbound done = dataByte(b);
                    if (done != null) {
                        return done;
                    }
                }
                case DATA -> {
                    Inbound done = dataByte(b);
                    if (done != null) {
                        return done;
                    }
                }
                case IAC -> {
                    if (b == IAC) {
                        state = State.DATA;
                        append((byte) IAC);
                    } else if (b == SB) {
                        state = State.SUBNEGOTIATION;
                    } else if (b >= WILL && b <= DONT) {
                        state = State.OPTION;
                    } else {
                        state = State.DATA; // a two-byte command: NOP, AYT, IP, GA, ...
                    }
                }
                case OPTION -> state = State.DATA;
                case SUBNEGOTIATION -> {
                    if (b == IAC) {
                        state = State.SUBNEGOTIATION_IAC;
                    }
                }
                case SUBNEGOTIATION_IAC -> state = b == SE ? State.DATA : State.SUBNEGOTIATION;
            }
        }
        return null;
    }

    /** Handles a byte in the DATA state; returns a result when it ended a line. */
    private Inbound dataByte(int b) {
        if (b == LF) {
            return finishLine();
        }
        if (b == CR) {
            state = State.AFTER_CR;
            return finishLine();
        }
        if (b == IAC) {
            state = State.IAC;
            return null;
        }
        append((byte) b);
        return null;
    }

    private void append(byte b) {
        if (overflowed) {
            return;
        }
        if (length == maxLineBytes) {
            overflowed = true;
            length = 0;
            line = null;
            return;
        }
        if (line == null) {
            line = new byte[Math.min(INITIAL_CAPACITY, maxLineBytes)];
        } else if (length == line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, maxLineBytes));
        }
        line[length++] = b;
    }

    private Inbound finishLine() {
        if (overflowed) {
            overflowed = false;
            return new Inbound.TooLong(maxLineBytes);
        }
        String text = length == 0 ? "" : new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        if (text.indexOf(REPLACEMENT) >= 0) {
            // Each invalid byte became a 3-byte U+FFFD: 4 KiB of 0x80 would go out as 12 KiB, to
            // history and to every member. One mark per run of them, and the limit applies to
            // what will be sent.
            text = collapseReplacements(text);
            if (Text.utf8Length(text) > maxLineBytes) {
                return new Inbound.TooLong(maxLineBytes);
            }
        }
        return new Inbound.Line(text);
    }

    private static String collapseReplacements(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != REPLACEMENT || out.length() == 0 || out.charAt(out.length() - 1) != REPLACEMENT) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The line in progress when the input ended for good (EOF), so a last line sent
     * without a newline ({@code printf 'hi' | nc ...}) is not lost; null if there is none.
     */
    public Inbound finish() {
        return hasPartialLine() ? finishLine() : null;
    }

    /**
     * Forgets everything in progress: a datagram's lines end with the datagram, so a trailing CR
     * or an unfinished telnet command must not eat the first byte of the next one.
     */
    void reset() {
        state = State.DATA;
        length = 0;
        overflowed = false;
        line = null;
    }

    /** Drops the partial-line buffer when no partial line is held, so idle connections stay small. */
    public void releaseIfIdle() {
        if (length == 0) {
            line = null;
        }
    }

    /** True while part of a line has been received but not its end. */
    boolean hasPartialLine() {
        return length > 0 || overflowed;
    }
}
