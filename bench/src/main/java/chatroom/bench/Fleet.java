package chatroom.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated users of one run: makes their connections, connects them at the configured
 * rate (a connect storm faster than the server's accept backlog would only measure SYN
 * retries), and counts how far they got. Message lines go on to the workload's
 * {@link MessageSink}.
 *
 * <p>Connections, in the order they are opened:
 * <ul>
 *   <li>{@code members}: the room; member {@code i} is receiver {@code i}, and the first
 *       {@code senders} of them are the senders;</li>
 *   <li>{@code slow}: extra members that stop reading once in (slow consumers), outside the
 *       delivery checks;</li>
 *   <li>publishers, one per sender, when the protocol cannot send on a member connection.</li>
 * </ul>
 *
 * <p>UDP users ({@link Protocol#datagrams()}) come from many loopback addresses,
 * {@link #USERS_PER_ADDRESS} each from 127.1.0.1 on: the server answers a source address's
 * unverified datagrams at a limited rate (a burst of 8, then 1 a second), a guard against
 * reflection that would otherwise hold a crowd from 127.0.0.1 to one login a second. Every
 * {@link #HOUSEKEEPING_NANOS} each UDP user is told how long it has been quiet, so it can ask
 * for its code again or keep its session alive.
 */
final class Fleet implements ClientListener {

    /** Where a workload takes the message lines its clients receive. */
    interface MessageSink {
        void onMessage(int receiver, byte[] text, int offset, int length, long receivedNanos);
    }

    /** A name needs at least this many digits; more when there are more clients. */
    private static final int MIN_NAME_DIGITS = 5;
    /** UDP users sharing a source address: inside the server's burst of hellos per address. */
    static final int USERS_PER_ADDRESS = 4;
    /** How often UDP users are checked for retries and keepalives: far finer than either needs. */
    static final long HOUSEKEEPING_NANOS = 100_000_000L;
    /** Problems quoted in the report; the rest are only counted. */
    private static final int MAX_PROBLEMS = 10;

    private final Reactor reactor;
    private final InetSocketAddress address;
    private final double connectsPerSecond;
    private final int members;
    private final int slow;
    private final int senders;
    private final boolean sendsOnMember;
    private final BenchClient[] clients;
    private final List<String> problems = new ArrayList<>();
    /** Connections in, by the TLS version and cipher suite they negotiated; empty without TLS. */
    private final Map<String, Integer> tlsSessions = new TreeMap<>();
    private MessageSink sink = (receiver, text, offset, length, receivedNanos) -> { };

    private long connectStartNanos;
    private long nextHousekeepingNanos;
    private int started;
    private int entered;
    private int failedLogins;
    private int disconnects;
    private int slowCutOff;
    private long serverErrors;

    /**
     * @param senders how many of the members, the first ones, will send
     * @param slow extra members that stop reading once in
     * @param senderOutboxBytes room for queued output on a sending connection
     */
    Fleet(Reactor reactor, Protocol protocol, InetSocketAddress address, int members, int senders, int slow,
          int senderOutboxBytes, String namePrefix, double connectsPerSecond) {
        this.reactor = reactor;
        this.address = address;
        this.connectsPerSecond = connectsPerSecond;
        this.members = members;
        this.slow = slow;
        this.senders = senders;
        this.sendsOnMember = protocol.sendsOnMemberConnection();
        int publishers = sendsOnMember ? 0 : senders;
        this.clients = new BenchClient[members + slow + publishers];
        int digits = Math.max(MIN_NAME_DIGITS, String.valueOf(clients.length).length());
        for (int i = 0; i < clients.length; i++) {
            String name = namePrefix + String.format("%0" + digits + "d", i + 1);
            boolean publisher = i >= members + slow;
            boolean sends = publisher || (sendsOnMember && i < senders);
            // A listener queues only its login, which every outbox has room for (BenchClient.LOGIN_BYTES).
            clients[i] = new BenchClient(publisher ? i - members - slow : i, name,
                    sends ? senderOutboxBytes : 0, i >= members && !publisher, protocol,
                    publisher ? Protocol.Role.PUBLISHER : Protocol.Role.MEMBER, this);
            if (protocol.datagrams()) {
                clients[i].useDatagrams();
                clients[i].bindTo(udpSource(i));
            }
        }
        if (protocol.datagrams()) {
            nextHousekeepingNanos = System.nanoTime();
            reactor.setHousekeeping(this::housekeeping);
        }
    }

    /** UDP user {@code index}'s source address: 127.1.0.1 for the first {@link #USERS_PER_ADDRESS}, and on. */
    static InetAddress udpSource(int index) {
        int host = 127 << 24 | 1 << 16 | (1 + index / USERS_PER_ADDRESS);
        byte[] a = {(byte) (host >>> 24), (byte) (host >>> 16), (byte) (host >>> 8), (byte) host};
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an address", e);
        }
    }

    private long housekeeping(long nowNanos) {
        if (nowNanos - nextHousekeepingNanos >= 0) {
            nextHousekeepingNanos = nowNanos + HOUSEKEEPING_NANOS;
            for (int i = 0; i < started; i++) {
                clients[i].housekeeping(nowNanos);
            }
        }
        return nextHousekeepingNanos - nowNanos;
    }

    void setSink(MessageSink sink) {
        this.sink = sink;
    }

    /** Every connection over TLS 1.3, trusting {@code trust} (before connecting); null leaves them plain. */
    void useTls(TlsTrust trust) {
        if (trust != null) {
            for (BenchClient client : clients) {
                client.useTls(trust);
            }
        }
    }

    /**
     * What the connections that got in negotiated: "TLSv1.3 TLS_AES_256_GCM_SHA384" when all of
     * them agree, each choice with its count when they do not, null when none used TLS.
     */
    String tlsSummary() {
        if (tlsSessions.isEmpty()) {
            return null;
        }
        if (tlsSessions.size() == 1 && tlsSessions.values().iterator().next() == entered) {
            return tlsSessions.keySet().iterator().next();
        }
        List<String> choices = new ArrayList<>();
        tlsSessions.forEach((session, count) -> choices.add(session + " on " + count));
        int plain = entered - tlsSessions.values().stream().mapToInt(Integer::intValue).sum();
        if (plain > 0) {
            choices.add("plain TCP on " + plain);
        }
        return String.join(", ", choices);
    }

    /** Every connection: members, slow members and publishers. */
    int connections() {
        return clients.length;
    }

    /** Member {@code index}: receiver {@code index}. */
    BenchClient member(int index) {
        return clients[index];
    }

    /** The connection sender {@code index} writes on: its member connection, or its publisher. */
    BenchClient sender(int index) {
        return clients[sendsOnMember ? index : members + slow + index];
    }

    /** Slow member {@code index}, 0 to slow - 1. */
    BenchClient slowMember(int index) {
        return clients[members + index];
    }

    /** Starts the clock for connecting; {@link #connectDue} then opens connections at the rate. */
    void startConnecting(long nowNanos) {
        connectStartNanos = nowNanos;
    }

    /**
     * Opens every connection due by {@code nowNanos}.
     *
     * @return nanoseconds until the next one is due, or {@link Long#MAX_VALUE} when all are started
     */
    long connectDue(long nowNanos) {
        long due = Math.min(clients.length, 1 + (long) ((nowNanos - connectStartNanos) * connectsPerSecond / 1e9));
        while (started < due) {
            clients[started++].connect(reactor, address);
        }
        if (started == clients.length) {
            return Long.MAX_VALUE;
        }
        long nextAt = connectStartNanos + (long) (started * 1e9 / connectsPerSecond);
        return Math.max(0, nextAt - nowNanos);
    }

    /**
     * Connects every client at the configured rate and waits until all are in the lobby or
     * have failed, or {@code timeoutNanos} passes. True if all are in.
     */
    boolean connectAll(long timeoutNanos) throws IOException {
        long now = System.nanoTime();
        startConnecting(now);
        reactor.runUntil(this::allSettled, now + timeoutNanos, this::connectDue);
        return allEntered();
    }

    boolean allEntered() {
        return entered == clients.length;
    }

    /** Every client has either reached the lobby or failed: waiting longer changes nothing. */
    boolean allSettled() {
        return started == clients.length && entered + failedLogins == clients.length;
    }

    int entered() {
        return entered;
    }

    int failedLogins() {
        return failedLogins;
    }

    /** Clients the server disconnected after they had reached the lobby, slow ones not counted. */
    int disconnects() {
        return disconnects;
    }

    /** Slow members the server has been seen to cut off. */
    int slowCutOff() {
        return slowCutOff;
    }

    /** Slow members still open: the server has not (yet) been seen to cut them off. */
    int slowOpen() {
        int open = 0;
        for (int i = 0; i < slow; i++) {
            open += slowMember(i).state() == BenchClient.State.CLOSED ? 0 : 1;
        }
        return open;
    }

    long serverErrors() {
        return serverErrors;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Which members are still in the room, by receiver index. */
    boolean[] receiversConnected() {
        boolean[] connected = new boolean[members];
        for (int i = 0; i < members; i++) {
            connected[i] = clients[i].isIn();
        }
        return connected;
    }

    /** Which senders still have their sending connection, by sender index. */
    boolean[] sendersConnected() {
        boolean[] connected = new boolean[senders];
        for (int i = 0; i < senders; i++) {
            connected[i] = sender(i).isIn();
        }
        return connected;
    }

    void closeAll() {
        for (BenchClient client : clients) {
            client.close();
        }
    }

    @Override
    public void onEntered(BenchClient client) {
        entered++;
        String tls = client.tlsSession();
        if (tls != null) {
            tlsSessions.merge(tls, 1, Integer::sum);
        }
    }

    @Override
    public void onMessage(BenchClient receiver, byte[] text, int offset, int length, long receivedNanos) {
        if (!receiver.isSlow()) {
            sink.onMessage(receiver.index(), text, offset, length, receivedNanos);
        }
    }

    @Override
    public void onServerError(BenchClient client, String line) {
        serverErrors++;
        note(client + " got: " + line);
    }

    @Override
    public void onFailed(BenchClient client, String reason) {
        if (client.isSlow() && client.hasEntered()) {
            slowCutOff++;
            return;
        }
        if (client.hasEntered()) {
            disconnects++;
        } else {
            failedLogins++;
        }
        note(client + ": " + reason);
    }

    private void note(String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
