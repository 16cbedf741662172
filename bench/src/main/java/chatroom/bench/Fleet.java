package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated users of one run: makes them, connects them at the configured rate (a connect
 * storm faster than the server's accept backlog would only measure SYN retries), and counts
 * how far they got. Message lines go on to the workload's {@link MessageSink}.
 */
final class Fleet implements ClientListener {

    /** Where a workload takes the message lines its clients receive. */
    interface MessageSink {
        void onMessage(int receiver, byte[] text, int offset, int length, long receivedNanos);
    }

    /** A name needs at least this many digits; more when there are more clients. */
    private static final int MIN_NAME_DIGITS = 5;
    /** Problems quoted in the report; the rest are only counted. */
    private static final int MAX_PROBLEMS = 10;
    /** What a client that only listens needs to queue: its name line. */
    private static final int LISTENER_OUTBOX_BYTES = 64;

    private final Reactor reactor;
    private final InetSocketAddress address;
    private final double connectsPerSecond;
    private final BenchClient[] clients;
    private final List<String> problems = new ArrayList<>();
    private MessageSink sink = (receiver, text, offset, length, receivedNanos) -> { };

    private long connectStartNanos;
    private int started;
    private int entered;
    private int failedLogins;
    private int disconnects;
    private long serverErrors;

    /**
     * @param senders how many of the clients, the first ones, will send and so get a big outbox
     */
    Fleet(Reactor reactor, InetSocketAddress address, int count, int senders, int senderOutboxBytes,
          String namePrefix, double connectsPerSecond) {
        this.reactor = reactor;
        this.address = address;
        this.connectsPerSecond = connectsPerSecond;
        this.clients = new BenchClient[count];
        int digits = Math.max(MIN_NAME_DIGITS, String.valueOf(count).length());
        for (int i = 0; i < count; i++) {
            String name = namePrefix + String.format("%0" + digits + "d", i + 1);
            clients[i] = new BenchClient(i, name, i < senders ? senderOutboxBytes : LISTENER_OUTBOX_BYTES, this);
        }
    }

    void setSink(MessageSink sink) {
        this.sink = sink;
    }

    int size() {
        return clients.length;
    }

    BenchClient client(int index) {
        return clients[index];
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

    /** Clients the server disconnected after they had reached the lobby. */
    int disconnects() {
        return disconnects;
    }

    long serverErrors() {
        return serverErrors;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Which clients are still in the room, by index. */
    boolean[] connected() {
        boolean[] connected = new boolean[clients.length];
        for (int i = 0; i < clients.length; i++) {
            connected[i] = clients[i].isInRoom();
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
    }

    @Override
    public void onMessage(BenchClient receiver, byte[] text, int offset, int length, long receivedNanos) {
        sink.onMessage(receiver.index(), text, offset, length, receivedNanos);
    }

    @Override
    public void onServerError(BenchClient client, String line) {
        serverErrors++;
        note(client + " got: " + line);
    }

    @Override
    public void onFailed(BenchClient client, String reason) {
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
