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
 *   ASKING ─(a hello line: "CODE NAME" sent)─▶ JOINING ─▶ (the welcome, the name question and the
 *   room are {@link ChatroomSession}'s, as over TCP)
 * </pre>
 *
 * <p>Asking is a {@code /ping}: from a source the server does not know, any datagram without a
 * code gets the hello line, and a ping is also what keeps a session alive later. The server may
 * drop the answer (it rate-limits hellos per address and in all), so a user that has heard
 * nothing for {@link #RETRY_NANOS} asks again; asking twice is harmless, both codes are good.
 * The code and the name go in one datagram, the one round trip a program needs. That one is not
 * repeated: the server takes the text after a repeated code as a line, and a second name line
 * would be said to the room. On loopback it is not lost; if it were, the login times out and the
 * run says which users did not get in.
 *
 * <p>Once in, a user pings when it has sent nothing for {@link #KEEPALIVE_NANOS}, well inside the
 * server's idle timeout (5 minutes by default). A hello line in the middle of a session means
 * the server has forgotten the user (timed out, or restarted): the session is lost.
 */
final class CodeExchange {

    /** How long a user waits for its code before asking again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a user in a session may send nothing before it pings. */
    static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** What asks for a code, and what keeps a session alive. */
    static final String PING = CommandSpec.PING.word();

    private static final byte[] NOTICE = Ascii.bytes(TextCodec.NOTICE);
    private static final int HELLO_LENGTH = Udp.hello(0).length();

    enum State { ASKING, JOINING }

    private final String name;
    private State state = State.ASKING;

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
     * A line that arrived while asking: the datagram that joins ({@code CODE NAME}) if it was a
     * hello line, else null (it is not this exchange's business).
     */
    String onAskingLine(String line) {
        String code = Udp.parseHello(line);
        if (state != State.ASKING || code == null) {
            return null;
        }
        state = State.JOINING;
        return code + " " + name;
    }

    /** What to send after {@code quietNanos} without sending anything, or null: a retry, a keepalive. */
    String due(long quietNanos) {
        long after = state == State.ASKING ? RETRY_NANOS : KEEPALIVE_NANOS;
        return quietNanos >= after ? PING : null;
    }

    /**
     * True if a line from the server is a hello line: the server no longer knows this source.
     * Cheap for every other line (a length and a prefix), since every line of a session passes here.
     */
    static boolean isHello(byte[] bytes, int offset, int length) {
        return length == HELLO_LENGTH && Ascii.startsWith(bytes, offset, length, NOTICE)
                && Udp.parseHello(new String(bytes, offset, length, StandardCharsets.US_ASCII)) != null;
    }
}
