package chatroom.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The line protocol over UDP (docs/PROTOCOL.md, "UDP"): what differs from a TCP connection.
 *
 * <p>A datagram holds one or more lines; the last one needs no line end. Before a source
 * address may join, it must show that it receives what is sent to it: the server answers an
 * unknown address's datagram with one short line carrying a code ({@link #hello}), and only a
 * datagram that starts with that code makes a session. The code is {@code DDDD-DDDD}; what
 * follows it (after one space) is the datagram's first line, so {@code 4821-7753 alice} joins
 * and names in one go. A session's later datagrams may start with the code again (a client
 * that repeats it until it hears the welcome); the server drops it there.
 *
 * <p>A session shows again, now and then, that its address still receives: the server sends
 * {@link #stay} with a fresh code, and a datagram that starts with it (the code alone will do)
 * keeps the session; without one in time it ends. Otherwise anyone who forged a departed
 * user's address could keep room traffic flowing to it.
 *
 * <p>A line that is {@link #EXIT} alone leaves, as {@code /quit} does: the original UDP chat's
 * way out.
 */
public final class Udp {

    /**
     * The most bytes the server packs into one datagram (a line longer than that goes alone),
     * and what a client should send at most: below IPv6's minimum MTU of 1,280 with both
     * headers, so a datagram of lines is not fragmented on any path.
     */
    public static final int DATAGRAM_BYTES = 1200;
    /** A line that says this alone leaves the chat. */
    public static final String EXIT = "exit";
    /** How many codes there are: {@code 0000-0000} to {@code 9999-9999}. */
    public static final long CODES = 100_000_000L;
    /** {@code DDDD-DDDD}. */
    public static final int CODE_LENGTH = 9;
    /** The IPv4 and UDP headers in front of every IPv4 datagram's payload. */
    public static final int IPV4_HEADER_BYTES = 28;
    /** The IPv6 and UDP headers in front of every IPv6 datagram's payload. */
    public static final int IPV6_HEADER_BYTES = 48;

    private static final String HELLO = TextCodec.NOTICE + "Send this code to join: ";
    private static final String STAY = TextCodec.NOTICE + "Send this code to stay: ";
    private static final int HALF = 10_000;

    private Udp() {}

    /** The code for {@code value} (0 to {@link #CODES} - 1): {@code 0482-1753}. */
    public static String code(long value) {
        if (value < 0 || value >= CODES) {
            throw new IllegalArgumentException("no code for " + value);
        }
        return String.format(java.util.Locale.ROOT, "%04d-%04d", value / HALF, value % HALF);
    }

    /** The line that hands an unverified address its code, without a line end. */
    public static String hello(long value) {
        return HELLO + code(value);
    }

    /** That line as the datagram the server sends: UTF-8 (ASCII), ending in CR LF. */
    public static byte[] helloDatagram(long value) {
        return (hello(value) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The code a {@link #hello} line hands over (line end or not), or null if {@code line} is no such line. */
    public static String parseHello(String line) {
        return codeAfter(HELLO, line);
    }

    /** The line that asks a session to show its address still receives, without a line end. */
    public static String stay(long value) {
        return STAY + code(value);
    }

    /** That line as the server sends it: ASCII, ending in CR LF. */
    public static byte[] stayDatagram(long value) {
        return (stay(value) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The code a {@link #stay} line asks for (line end or not), or null if {@code line} is no such line. */
    public static String parseStay(String line) {
        return codeAfter(STAY, line);
    }

    private static String codeAfter(String prefix, String line) {
        String text = line.stripTrailing();
        if (!text.startsWith(prefix) || text.length() != prefix.length() + CODE_LENGTH) {
            return null;
        }
        String code = text.substring(prefix.length());
        return codeAt(ByteBuffer.wrap(code.getBytes(StandardCharsets.ISO_8859_1))) >= 0 ? code : null;
    }

    /**
     * The value of the code at {@code in}'s position, if the datagram starts with one that is
     * followed by its end, a space, a tab, CR or LF; else -1. Does not move the position.
     */
    public static long codeAt(ByteBuffer in) {
        int at = in.position();
        if (in.remaining() < CODE_LENGTH) {
            return -1;
        }
        if (in.remaining() > CODE_LENGTH) {
            byte after = in.get(at + CODE_LENGTH);
            if (after != ' ' && after != '\t' && after != '\r' && after != '\n') {
                return -1;
            }
        }
        long value = 0;
        for (int i = 0; i < CODE_LENGTH; i++) {
            byte b = in.get(at + i);
            if (i == 4) {
                if (b != '-') {
                    return -1;
                }
            } else if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            } else {
                return -1;
            }
        }
        return value;
    }

    /** How many bytes after a code {@link #codeAt} found belong to it: the code and one space or tab, if there is one. */
    public static int codeBytes(ByteBuffer in) {
        int after = in.position() + CODE_LENGTH;
        return in.limit() > after && (in.get(after) == ' ' || in.get(after) == '\t') ? CODE_LENGTH + 1 : CODE_LENGTH;
    }

    /** True if {@code line} is {@link #EXIT} alone (spaces around it allowed). */
    public static boolean isExit(String line) {
        return line.strip().equals(EXIT);
    }

    /**
     * The most bytes of payload the server may send to an address it has not verified in answer
     * to a datagram of {@code payload} bytes: the reply's whole packet at most three times the
     * whole packet that caused it (RFC 9000 §8's anti-amplification factor, counted in packets
     * as they reach a victim's link), so 3n + 2h for headers of h bytes.
     */
    public static int replyAllowance(int payload, boolean ipv6) {
        int headers = ipv6 ? IPV6_HEADER_BYTES : IPV4_HEADER_BYTES;
        return 3 * payload + 2 * headers;
    }
}
