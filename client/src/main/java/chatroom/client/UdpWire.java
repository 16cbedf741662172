package chatroom.client;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.FloodLimit;
import chatroom.protocol.Udp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A session with the server's UDP port (docs/PROTOCOL.md, "UDP"). The socket is connected, so
 * the kernel drops datagrams from anyone but the server, and Linux reports the ICMP answer of
 * a port nothing listens on as {@link java.net.PortUnreachableException}: a failed connect,
 * or a lost session.
 *
 * <p>The server lets an address in only once it has shown that it receives what is sent to
 * it: any datagram from an unknown address is answered with a code ({@link Udp#hello}), and a
 * datagram that starts with the code makes the session. So {@link #connect} asks with {@code
 * /ping}, then sends the code with {@code /ping} as its first line; the server's first other
 * line is its greeting, the start of the session. Both steps are sent again until answered,
 * as either datagram, or its answer, may be lost. The code alone would do the first time, but
 * if the greeting were the datagram lost, a repeat would get nothing: the server drops its
 * own code from a session's datagrams, and the greeting is not sent twice. The {@code /ping}
 * after it is answered either way, by a session just made or by one whose greeting was lost
 * (its pong then starts the session, unshown).
 *
 * <pre>
 *   /ping ──hello──▶ CODE /ping ──any other line──▶ SESSION ──a hello────────▶ lost (forgotten)
 *   again after        again                               ├──shutdown notice──▶ lost (shutting down)
 *   0.5, 1, 2, 2.. s   every 1 s                           └──45 s quiet───────▶ lost (no answer)
 * </pre>
 *
 * <p>Nothing tells a UDP client that the server went away or forgot it (a restart, its idle
 * timeout, a NAT mapping that changed the source port), so the session watches for it: a
 * {@code /ping} after {@link #KEEPALIVE} without sending keeps the server's idle timer and
 * any NAT mapping alive and gets an answer, and {@link #SILENCE} without any datagram means
 * the server is gone. Now and then the server asks the session to show its address still
 * receives ({@link Udp#stay}): the code it sends is sent back at once. A code line to join
 * in the session means the server no longer knows this address. The server's shutdown
 * notice is the last datagram it sends a session: the end UDP has instead of TCP's, so the
 * reconnect starts at once rather than when the next keepalive goes unanswered.
 */
final class UdpWire implements Wire {

    /** Well within the 30 to 60 s that NAT mappings of UDP often last, and the server's idle timeout. */
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    /** Three keepalives unanswered. */
    static final Duration SILENCE = KEEPALIVE.multipliedBy(3);
    static final Duration FIRST_PING_AGAIN = Duration.ofMillis(500);
    static final Duration LAST_PING_AGAIN = Duration.ofSeconds(2);
    /** The server drops its own code from a session's datagrams: a repeat makes no second session. */
    static final Duration CODE_AGAIN = Duration.ofSeconds(1);
    static final String NO_ANSWER = "no answer from the server";
    /** The least time between two answers to the server's request for the same fresh code. */
    static final Duration STAY_ANSWER_INTERVAL = Duration.ofSeconds(1);
    static final String FORGOTTEN = "the server no longer knows this address";
    static final String SHUT_DOWN = "the server is shutting down";

    /**
     * Lines sent a second at most, and at once: under the server's default flood limit
     * ({@link FloodLimit}), with room for datagrams that arrive closer together than they left.
     * Over UDP the server drops what comes faster, unanswered; a paste paced here arrives whole.
     */
    static final int LINES_PER_SECOND = FloodLimit.DEFAULT_LINES_PER_SECOND * 4 / 5;
    static final int LINE_BURST = FloodLimit.DEFAULT_BURST / 2;

    private static final String PING = CommandSpec.PING.word();
    /** Above the largest UDP payload (65,507 bytes): a datagram is never cut short. */
    private static final int RECEIVE_BYTES = 65_536;

    private final DatagramSocket socket;
    private final LongSupplier clock;
    /** The writer thread's alone. */
    private final LinePacer pacer;
    /** The lines of the datagram that ended the code exchange, from its first non-hello line: the session's start. */
    private final List<String> first;
    /** Lines waiting to go in one datagram; the writer thread's alone. */
    private final ByteArrayOutputStream packed = new ByteArrayOutputStream(Udp.DATAGRAM_BYTES);
    /** {@link #clock} time; the writer thread and the keepalive both send. */
    private volatile long lastSent;
    /** The code last sent back when asked for, and when (reader thread only). */
    private String lastStayCode;
    private long lastStayAnswer;

    private UdpWire(DatagramSocket socket, LongSupplier clock, LinePacer.Pause pause, List<String> first) {
        this.socket = socket;
        this.clock = clock;
        this.pacer = new LinePacer(LINES_PER_SECOND, LINE_BURST, clock, pause);
        this.first = first;
        this.lastSent = clock.getAsLong();
        this.lastStayAnswer = lastSent - STAY_ANSWER_INTERVAL.toNanos();
    }

    /**
     * Joins through the code exchange within {@code timeout} (real time, whatever {@code
     * clock} says: it is the socket's timeouts that wait).
     *
     * @param clock {@link System#nanoTime()}, or a test's: what {@link #KEEPALIVE}, {@link
     *     #SILENCE} and the pace of lines are counted in
     * @param pause how the writer waits for its pace: {@code TimeUnit.NANOSECONDS::sleep}, or a test's
     */
    static UdpWire connect(String host, int port, Duration timeout, LongSupplier clock, LinePacer.Pause pause)
            throws IOException {
        InetSocketAddress server = new InetSocketAddress(host, port);
        if (server.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        DatagramSocket socket = new DatagramSocket();
        try {
            socket.connect(server);
            UdpWire wire = new UdpWire(socket, clock, pause, exchange(socket, System.nanoTime() + timeout.toNanos()));
            socket.setSoTimeout((int) ServerConnection.TICK.toMillis()); // a quiet receive returns now and then: Listener.idle
            return wire;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code /ping}, then the code and {@code /ping}, until the session starts; returns its first lines. */
    private static List<String> exchange(DatagramSocket socket, long deadline) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[RECEIVE_BYTES], RECEIVE_BYTES);
        String code = null;
        long pingAgain = FIRST_PING_AGAIN.toNanos();
        while (true) {
            send(socket, datagram(code == null ? PING : code + " " + PING));
            long wait = code == null ? pingAgain : CODE_AGAIN.toNanos();
            pingAgain = Math.min(pingAgain * 2, LAST_PING_AGAIN.toNanos());
            long sendAgain = System.nanoTime() + wait;
            boolean pinged = code == null;
            // A ping answered is followed by the code at once; the code is sent again only when due.
            while (!(pinged && code != null)) {
                long left = Math.min(sendAgain, deadline) - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                if (!receive(socket, packet)) {
                    break;
                }
                List<String> lines = lines(packet);
                for (int i = 0; i < lines.size(); i++) {
                    String hello = Udp.parseHello(lines.get(i));
                    if (hello == null) {
                        return lines.subList(i, lines.size());
                    }
                    // The newest code: a code's time slot may have ended while the exchange went on.
                    code = hello;
                }
            }
            if (deadline - System.nanoTime() <= 0) {
                throw new SocketTimeoutException(code == null ? NO_ANSWER : "no answer to the code from the server");
            }
        }
    }

    @Override
    public String readLines(ServerConnection.Listener listener, BooleanSupplier hungUp) {
        long lastHeard = clock.getAsLong();
        DatagramPacket packet = new DatagramPacket(new byte[RECEIVE_BYTES], RECEIVE_BYTES);
        try {
            String ended = handOver(first, listener);
            if (ended != null) {
                return ended;
            }
            while (true) {
                boolean heard = receive(socket, packet);
                long now = clock.getAsLong();
                if (heard) {
                    lastHeard = now;
                    ended = handOver(lines(packet), listener);
                    if (ended != null) {
                        return ended;
                    }
                } else if (hungUp.getAsBoolean()) {
                    return "hung up"; // told no one: the connection is ending for good
                } else if (now - lastHeard >= SILENCE.toNanos()) {
                    return NO_ANSWER;
                }
                // Checked after every datagram too: a busy room's traffic must not starve the keepalive.
                if (now - lastSent >= KEEPALIVE.toNanos()) {
                    send(socket, datagram(PING));
                    lastSent = now;
                }
                if (!heard) {
                    listener.idle();
                }
            }
        } catch (IOException e) {
            return ServerConnection.describe(e);
        }
    }

    /**
     * Hands the lines over up to the session's end, if they hold it; returns why it ended, or
     * null. A request to show the address still receives is answered here, not handed over:
     * it is UDP's business, not the conversation's.
     */
    private String handOver(List<String> lines, ServerConnection.Listener listener) throws IOException {
        for (String line : lines) {
            if (Udp.parseHello(line) != null) {
                return leave(FORGOTTEN);
            }
            String stay = Udp.parseStay(line);
            if (stay != null) {
                answer(stay);
                continue;
            }
            listener.received(line);
            if (Incoming.decode(line) instanceof Event.ShuttingDown) {
                return leave(SHUT_DOWN);
            }
        }
        return null;
    }

    /**
     * Sends the code asked for back: a new one at once, the same one again once a second at
     * most (the server asks again if an answer is lost, four times a minute; a repeated request
     * must not become a stream of datagrams).
     */
    private void answer(String code) throws IOException {
        long now = clock.getAsLong();
        if (!code.equals(lastStayCode) || now - lastStayAnswer >= STAY_ANSWER_INTERVAL.toNanos()) {
            send(socket, datagram(code));
            lastStayCode = code;
            lastStayAnswer = now;
            lastSent = now;
        }
    }

    /**
     * Says {@code exit} on this socket before it is given up. Anyone can forge a datagram from
     * the server's address, so the line that ended the session may not be the server's: then
     * this ends the real one, which would otherwise keep the name (a ghost) until the server's
     * idle timeout while the client reconnects from another port. If the server did forget us,
     * it costs one datagram and its one-line answer.
     */
    private String leave(String why) {
        try {
            send(socket, datagram(Udp.EXIT));
        } catch (IOException e) {
            // The socket is being given up anyway.
        }
        return why;
    }

    /** False if the receive timed out. */
    private static boolean receive(DatagramSocket socket, DatagramPacket packet) throws IOException {
        try {
            packet.setLength(RECEIVE_BYTES);
            socket.receive(packet);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * A datagram's lines, without their line ends and without empty ones; the last needs none.
     * Invalid UTF-8 becomes U+FFFD, as on TCP.
     */
    static List<String> lines(DatagramPacket packet) {
        String text = new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (!line.isEmpty()) {
                lines.add(line); // the server sends none; 65,000 line ends forged into one datagram are no 65,000 lines
            }
            start = next;
        }
        return lines;
    }

    /**
     * Packs lines into datagrams of up to {@link Udp#DATAGRAM_BYTES}, cut between lines: a burst
     * (the login's lines, a paste) goes in as few as it fits. A longer line goes alone. Waits
     * while the line is ahead of {@link #LINES_PER_SECOND}, after sending what is packed.
     */
    @Override
    public void write(String line) throws IOException {
        if (pacer.nanosToWait() > 0) {
            flush();
        }
        try {
            pacer.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing lines");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (packed.size() > 0 && packed.size() + bytes.length > Udp.DATAGRAM_BYTES) {
            flush();
        }
        packed.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        if (packed.size() == 0) {
            return;
        }
        byte[] datagram = packed.toByteArray();
        packed.reset();
        send(socket, datagram);
        lastSent = clock.getAsLong();
    }

    @Override
    public void close() {
        socket.close();
    }

    private static byte[] datagram(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(DatagramSocket socket, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length));
    }
}
