package chatroom.server.net;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.protocol.Udp;
import chatroom.server.limit.AddressKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port: the handler of its {@link DatagramChannel}, shared by every UDP user of the
 * port, on the same selector as everything else. Each datagram is sorted by its source
 * (address and port): a verified source's goes to its {@link UdpPeer}; any other source has
 * not shown that it receives what is sent to it, and a source address can be forged, so it
 * gets at most one short answer and nothing is remembered about it:
 *
 * <ul>
 *   <li>a datagram that starts with the code {@link UdpCookie} made for that source in the
 *       last minute or two makes a session (the per-address limits and the caps permitting);
 *       codes are checked at their own rates ({@code checks}: guessing is bounded per address),
 *       apart from the answers', so a flood of garbage does not keep a valid code out;</li>
 *   <li>anything else (a name, garbage, a wrong or stale code) is answered with that code,
 *       one datagram of {@value #HELLO_BYTES} bytes, within {@link Udp#replyAllowance} of what
 *       came in (three times its whole packet), and within the answer rates ({@code answers});</li>
 *   <li>an empty datagram, or one over the rates, gets nothing;</li>
 *   <li>nor does anything from a banned address, whatever it holds: that is checked first.</li>
 * </ul>
 *
 * So a forged datagram buys its victim at most one small datagram, a flood of them costs no
 * memory, and room traffic goes only to addresses that answered. Output is packed: whatever a
 * user has queued in a turn goes out as few datagrams as whole lines allow.
 *
 * <p>Loop thread only.
 */
final class UdpEndpoint implements Handler, UdpPeer.Socket {

    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);

    /** The most datagrams read in one event, so a flood cannot hold the loop; the rest wait in the kernel. */
    static final int DATAGRAMS_PER_TURN = 1024;
    /** What the kernel is asked to buffer each way (it caps it: {@code net.core.rmem_max}, {@code wmem_max}). */
    static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /** A code line: the same length for every code. */
    static final int HELLO_BYTES = 39;
    /** What a wrong code costs the address's answer rate, in answers: guessing must cost more than asking. */
    static final int WRONG_CODE_COST = 4;
    /** The largest UDP payload over IPv4; a line longer than this (an odd {@code --max-line-bytes}) cannot be sent. */
    static final int MAX_PAYLOAD = 65_507;
    /**
     * Code checks a second for the whole server, and per address (burst 16; a wrong code costs
     * {@value #WRONG_CODE_COST} more): two keyed hashes each, 10,000 a second is about 1% of the
     * loop. Per address, a blind guesser has a 10^-8 chance per guess at best.
     */
    static final double CODE_CHECKS_PER_SECOND = 10_000;
    static final double CODE_CHECKS_PER_ADDRESS = 4;
    static final int CODE_CHECK_BURST_PER_ADDRESS = 16;
    /** The share of the server's output budget all UDP users of one socket may hold queued together. */
    static final int QUEUED_SHARE = 4;

    private final Acceptor.Context context;
    private final AddressLimiter perAddress;
    private final ServerConfig.UdpSettings settings;
    private final DatagramChannel channel;
    private final SelectionKey key;
    private final InetSocketAddress bound;
    private final UdpCookie cookie;
    /** Answers (codes, refusals) to sources not yet verified. */
    private final UdpGate answers;
    /** Checks of codes that sources not yet verified send. */
    private final UdpGate checks;
    private final OutputBudget queued;
    private final HashMap<InetSocketAddress, UdpPeer> peers = new HashMap<>();
    /** Users with output left when the socket's send buffer filled up (or their turn's budget ran out), in order. */
    private final ArrayDeque<UdpPeer> blocked = new ArrayDeque<>();
    /** Where a datagram's lines are packed before it is sent. */
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(MAX_PAYLOAD);
    private boolean stopped;

    /** Binds at once, so the port is known (and taken) before the loop starts. */
    UdpEndpoint(Acceptor.Context context, AddressLimiter perAddress, InetSocketAddress address, Selector selector)
            throws IOException {
        this.context = context;
        this.perAddress = perAddress;
        this.settings = context.config().udp();
        this.cookie = UdpCookie.random();
        SecureRandom random = new SecureRandom();
        this.answers = new UdpGate(settings.helloRatePerAddress(), settings.helloBurstPerAddress(),
                settings.helloRate(), settings.helloBurst(), random.nextLong(), context.nanoTime());
        this.checks = new UdpGate(CODE_CHECKS_PER_ADDRESS, CODE_CHECK_BURST_PER_ADDRESS, CODE_CHECKS_PER_SECOND,
                (int) CODE_CHECKS_PER_SECOND, random.nextLong(), context.nanoTime());
        this.queued = new OutputBudget(Math.max(1, context.outputBudget().limit() / QUEUED_SHARE));
        this.channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(address);
            channel.configureBlocking(false);
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
            this.bound = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return bound;
    }

    /** Verified users now, closing ones included. */
    int users() {
        return peers.size();
    }

    // ---------------------------------------------------------------- reading

    @Override
    public void onReady(SelectionKey ready) {
        try {
            if (!ready.isValid()) {
                return;
            }
            if (ready.isWritable()) {
                flushBlocked();
            }
            if (ready.isReadable()) {
                readDatagrams();
            }
        } catch (IOException e) {
            // The socket itself failed (not one user): say so, and keep serving the rest.
            log.warn("event=udp_error addr={} error=\"{}\"", bound, e.getMessage());
        } catch (RuntimeException e) {
            log.error("event=udp_failed addr={}", bound, e);
        }
    }

    /** Up to {@value #DATAGRAMS_PER_TURN} datagrams, and after the first only while the turn has budget left. */
    private void readDatagrams() throws IOException {
        TurnBudget turn = context.turnBudget();
        ByteBuffer buffer = context.readBuffer();
        for (int i = 0; i < DATAGRAMS_PER_TURN; i++) {
            if (i > 0 && turn.exhausted()) {
                return; // the selector reports the socket again next turn
            }
            buffer.clear();
            // The read buffer is larger than any UDP payload, so no datagram is ever cut short.
            SocketAddress source = channel.receive(buffer);
            if (source == null) {
                return;
            }
            buffer.flip();
            int n = buffer.remaining();
            context.metrics().udpDatagramsReceived++;
            context.metrics().receivedBytes += n;
            turn.spend(TurnBudget.UDP_DATAGRAM + n / TurnBudget.BYTES_PER_UNIT);
            if (source instanceof InetSocketAddress from) {
                received(from, buffer);
            }
        }
    }

    private void received(InetSocketAddress source, ByteBuffer in) {
        long now = context.nanoTime();
        UdpPeer peer = peers.get(source);
        if (peer != null) {
            // A client repeats its code until the welcome comes, and sends a fresh one when asked:
            // a code is never a line. It is compared at the rate code checks are allowed, a wrong
            // one costing more, so a forger of this address cannot guess the one asked for.
            long code = Udp.codeAt(in);
            if (code >= 0) {
                skipCode(in);
                if (checks.allow(source, now) && !peer.answers(code, now)) {
                    checks.charge(source, WRONG_CODE_COST, now);
                }
            }
            peer.received(in, now);
            return;
        }
        if (perAddress.banned(source)) {
            // Before anything is answered: a banned address gets no code, no refusal, nothing.
            context.metrics().udpBannedDrops++;
            return;
        }
        int size = in.remaining();
        if (size == 0 || stopped) {
            context.metrics().udpUnansweredDrops++;
            return;
        }
        long code = Udp.codeAt(in);
        if (code >= 0 && checks.allow(source, now)) {
            context.turnBudget().spend(TurnBudget.UDP_UNVERIFIED);
            if (cookie.valid(source, code, now)) {
                skipCode(in);
                verified(source, in, size, code, now);
                return;
            }
            checks.charge(source, WRONG_CODE_COST, now);
        }
        if (!answers.allow(source, now)) {
            context.metrics().udpUnansweredDrops++;
            return;
        }
        context.turnBudget().spend(TurnBudget.UDP_UNVERIFIED);
        answer(source, ByteBuffer.wrap(Udp.helloDatagram(cookie.code(source, now))), size);
        context.metrics().udpHellos++;
    }

    /** Takes the code {@link Udp#codeAt} found (and the space after it) off the datagram. */
    private static void skipCode(ByteBuffer in) {
        in.position(in.position() + Udp.codeBytes(in));
    }

    /**
     * A source that showed its code: a session, if the per-address limits and the caps allow
     * (else one error line, as a refused TCP connection gets). Its datagram's lines after the
     * code are its first.
     */
    private void verified(InetSocketAddress source, ByteBuffer rest, int size, long code, long now) {
        AddressLimiter.Verdict verdict = perAddress.admit(source, now);
        if (verdict.banned()) {
            context.metrics().udpBannedDrops++; // received() drops banned sources first; this is the guard
            return;
        }
        if (verdict != AddressLimiter.Verdict.ADMITTED) {
            refuse(source, perAddress.refusal(verdict, source), size);
            return;
        }
        int max = Math.min(settings.maxUsers(), context.config().maxClients());
        if (peers.size() >= settings.maxUsers() || context.openConnections() >= context.config().maxClients()) {
            perAddress.released(source, now);
            refuse(source, Problem.SERVER_FULL.event(Instant.now(), Integer.toString(max)), size);
            return;
        }
        long id = context.nextConnectionId();
        UdpPeer peer = new UdpPeer(context, this, id, source, code, settings, now);
        peers.put(source, peer);
        context.opened();
        context.metrics().udpVerified++;
        log.info("event=connect id={} addr={} port={} udp=true clients={}", id, source, bound.getPort(),
                context.openConnections());
        peer.start();
        peer.received(rest, now);
    }

    /** A refusal is an answer too: within the answer rates, or not at all. */
    private void refuse(InetSocketAddress source, Event.Error error, int size) {
        if (answers.allow(source, context.nanoTime())) {
            answer(source, context.encoder().encode(error, Wire.TEXT_LINES).duplicate(), size);
        } else {
            context.metrics().udpUnansweredDrops++;
        }
    }

    /**
     * The one datagram a source not yet verified may get for one of its own: sent only if its
     * whole packet is at most three times the one that came in, and not at all if the socket's
     * send buffer is full (nothing is queued for a stranger).
     */
    private void answer(InetSocketAddress source, ByteBuffer reply, int size) {
        AddressKey key = AddressKey.of(source);
        if (reply.remaining() > Udp.replyAllowance(size, key != null && key.v6())) {
            context.metrics().udpUnansweredDrops++;
            return;
        }
        try {
            if (channel.send(reply, source) > 0) {
                context.metrics().udpDatagramsSent++;
                context.metrics().sentBytes += reply.limit();
            } else {
                context.metrics().udpSendBlocked++;
            }
        } catch (IOException e) {
            log.debug("event=udp_answer_failed addr={} error=\"{}\"", source, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- writing (UdpPeer.Socket)

    /**
     * Packs whole lines from {@code srcs} into one datagram: as many as fit in
     * {@link Udp#DATAGRAM_BYTES}, or the first line alone if it is longer. The queue's buffers
     * are read without moving them; only what the kernel took is then marked as sent.
     */
    @Override
    public long send(ByteBuffer[] srcs, int offset, int length, InetSocketAddress to) throws IOException {
        datagram.clear();
        int fits = 0; // the end of the last whole line within DATAGRAM_BYTES
        int first = 0; // the end of the first line
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer src = srcs[i];
            int start = datagram.position();
            int n = Math.min(src.remaining(), datagram.remaining());
            datagram.put(start, src, src.position(), n).position(start + n);
            for (int at = start; at < start + n; at++) {
                if (datagram.get(at) == '\n') {
                    first = first == 0 ? at + 1 : first;
                    fits = at + 1 <= Udp.DATAGRAM_BYTES ? at + 1 : fits;
                }
            }
            if (!datagram.hasRemaining() || (datagram.position() >= Udp.DATAGRAM_BYTES && first > 0)) {
                break;
            }
        }
        // Every queued event ends with a line end and is at most MAX_PAYLOAD (UdpPeer drops longer
        // ones), so there is always a first line end; sending what was gathered is only a guard.
        int size = fits > 0 ? fits : first > 0 ? first : datagram.position();
        datagram.position(0).limit(size);
        if (channel.send(datagram, to) == 0) {
            context.metrics().udpSendBlocked++;
            return 0;
        }
        context.metrics().udpDatagramsSent++;
        consume(srcs, offset, length, size);
        return size;
    }

    private static void consume(ByteBuffer[] srcs, int offset, int length, int bytes) {
        int left = bytes;
        for (int i = offset; i < offset + length && left > 0; i++) {
            int n = Math.min(left, srcs[i].remaining());
            srcs[i].position(srcs[i].position() + n);
            left -= n;
        }
    }

    @Override
    public long stayCode(UdpPeer peer, long ask) {
        return cookie.stayCode(peer.remote(), peer.id(), ask);
    }

    @Override
    public OutputBudget queued() {
        return queued;
    }

    @Override
    public void blocked(UdpPeer peer) {
        if (blocked.isEmpty() && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        blocked.add(peer);
    }

    /**
     * The socket can send again: flush the users that were waiting, in the order they began to
     * wait, each once; one that is left waiting again (the buffer filled up) goes to the back.
     */
    private void flushBlocked() {
        for (int i = blocked.size(); i > 0 && !blocked.isEmpty(); i--) {
            UdpPeer peer = blocked.poll();
            peer.flush();
        }
        if (blocked.isEmpty() && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    public void closed(UdpPeer peer) {
        peers.remove(peer.remote(), peer);
        blocked.remove(peer);
        if (blocked.isEmpty() && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    // ---------------------------------------------------------------- the loop's side

    /** No new sessions, and every user says goodbye (the chat has queued it) and is closed once it is out. */
    @Override
    public void shutdown() {
        stopped = true;
        for (UdpPeer peer : new ArrayList<>(peers.values())) {
            peer.close("server shutting down");
        }
    }

    @Override
    public void abort() {
        stopped = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing on the way out; there is no one left to tell.
        }
    }
}
