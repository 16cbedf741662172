package chatroom.bench;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A UDP user's way to a session, without sockets or clocks: lines in, what to send out.
 *
 * <pre>
 *   ASKING ─(a hello line: "CODE NAME" sent)─▶ JOINING ─(any other line)─▶ JOINED
 *     └─ quiet: ask again           ├─ quiet: "CODE" alone, and answer the name question
 *                                   └─ a hello line: "CODE NAME" again, with the new code
 * </pre>
 *
 * From JOINING on, the welcome, the name question and the room are {@link ChatroomSession}'s, as
 * over TCP.
 *
 * <p>Asking is a {@code /ping}: from a source the server does not know, any datagram without a
 * code gets the hello line, and a ping is also what keeps a session alive later. The code and the
 * name then go in one datagram, the one round trip a program needs. The server may drop either
 * without a word (it answers sources it does not know, and checks their codes, at limited rates
 * per address and in all), so a user that has heard nothing for {@link #RETRY_NANOS} tries again,
 * and waits twice as long before each next try, up to {@link #MAX_RETRY_NANOS}: a crowd that
 * retried every second would spend the server's answers on retries once a few thousand were
 * waiting, and keep each other out. Asking twice is harmless: both codes are good.
 * Joining again is not sent as {@code CODE NAME}: had the first one arrived after all, the server
 * would take the name as a line said to the room. The code alone is harmless either way (a
 * session drops it; without one it makes the session, which then asks for the name). A hello
 * line instead of a welcome says the join made no session (its code came over the server's rate
 * of code checks, and was answered as any stranger's datagram): the name goes again with the new
 * code.
 *
 * <p>Once in, a user pings when it has sent nothing for {@link #KEEPALIVE_NANOS}, well inside the
 * server's idle timeout (5 minutes by default). Every 10 minutes and 4 MiB the server asks the
 * session to show again that its address receives (a stay line, {@link #stayCode}): the code goes
 * back alone, at the start of a datagram of its own. A hello line in the middle of a session means
 * the server has forgotten the user (timed out, or restarted): the session is lost.
 */
final class CodeExchange {

    /** How long a user waits for an answer before it first asks or joins again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest wait between tries. */
    static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(8);
    /** How long a user in a session may send nothing before it pings. */
    static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** What asks for a code, and what keeps a session alive. */
    static final String PING = CommandSpec.PING.word();

    private static final byte[] NOTICE = Ascii.bytes(TextCodec.NOTICE);
    private static final int HELLO_LENGTH = Udp.hello(0).length();
    private static final int STAY_LENGTH = Udp.stay(0).length();

    enum State { ASKING, JOINING, JOINED }

    private final String name;
    private State state = State.ASKING;
    private String code;
    private long retryNanos = RETRY_NANOS;

    CodeExchange(String name) {
        this.name = name;
    }

    State state() {
        return state;
    }

    /** The first datagram: ask for a code. */
    String start() {
        return PING;
    }

    /**
     * A line that arrived before the session said anything: the datagram that joins
     * ({@code CODE NAME}) if it was a hello line, else null (it is not this exchange's business).
     */
    String onHello(String line) {
        String hello = Udp.parseHello(line);
        if (state == State.JOINED || hello == null) {
            return null;
        }
        state = State.JOINING;
        code = hello;
        return code + " " + name;
    }

    /** The server said something after the join: the session is there. */
    void heard() {
        if (state == State.JOINING) {
            state = State.JOINED;
        }
    }

    /**
     * What to send after {@code quietNanos} without sending anything, or null: a question for a
     * code again, the code alone (the name must then wait for the question), or a keepalive.
     */
    String due(long quietNanos) {
        if (state == State.JOINED) {
            return quietNanos >= KEEPALIVE_NANOS ? PING : null;
        }
        if (quietNanos < retryNanos) {
            return null;
        }
        retryNanos = Math.min(2 * retryNanos, MAX_RETRY_NANOS);
        return state == State.ASKING ? PING : code;
    }

    /**
     * True if a line from the server is a hello line: the server no longer knows this source.
     * Cheap for every other line (a length and a prefix), since every line of a session passes here.
     */
    static boolean isHello(byte[] bytes, int offset, int length) {
        return length == HELLO_LENGTH && Ascii.startsWith(bytes, offset, length, NOTICE)
                && Udp.parseHello(ascii(bytes, offset, length)) != null;
    }

    /** The code a stay line asks to have sent back, or null if the line is none; as cheap as {@link #isHello} for the rest. */
    static String stayCode(byte[] bytes, int offset, int length) {
        return length == STAY_LENGTH && Ascii.startsWith(bytes, offset, length, NOTICE)
                ? Udp.parseStay(ascii(bytes, offset, length)) : null;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
}
