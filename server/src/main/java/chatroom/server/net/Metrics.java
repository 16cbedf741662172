package chatroom.server.net;

/**
 * The server's counters for {@code /metrics} ({@link MetricsPage}). Plain fields, written and
 * read on the loop thread only, so counting is an add on a field the writer already touches
 * nearby: no atomics, no locks, no allocation. What can be read off the state when the page is
 * asked for (open connections, users, rooms, queued output) is not counted here.
 *
 * <p>Bytes are those the connections read and wrote: after TLS decryption and before
 * encryption, WebSocket frame headers and the HTTP 101 included.
 */
final class Metrics {

    /** Bytes read from clients. */
    long receivedBytes;
    /** Bytes handed to the clients' sockets (to the TLS engine, for TLS). */
    long sentBytes;
    /** Events queued to a connection (an event a wire has no form for is not one). */
    long deliveries;
    /** Readers cut off for holding too much unread output: their own cap or the server's budget. */
    long slowConsumerKicks;
    /** Times flood control stopped reading a connection until its bucket had a token again. */
    long floodPauses;
    /** Connections closed because their output stood still for the stall timeout. */
    long outputStallCloses;
    /** UDP datagrams read, from anyone. */
    long udpDatagramsReceived;
    /** UDP datagrams sent: packed lines to users, and answers to sources not yet verified. */
    long udpDatagramsSent;
    /** Codes handed to sources not yet verified (one datagram each). */
    long udpHellos;
    /** Datagrams from sources not yet verified that got no answer: empty, over the answer rates, or during shutdown. */
    long udpUnansweredDrops;
    /** Datagrams that carried a valid code and made a session. */
    long udpVerified;
    /** UDP users' datagrams, or lines of them, dropped by flood control. */
    long udpFloodDrops;
    /** Events not sent to a UDP user: over its output rate or queue cap, or the server's output budget. */
    long udpOutputDrops;
    /** Times the UDP socket's send buffer was full (a send took nothing). */
    long udpSendBlocked;
    /** UDP sessions ended by the idle timeout. */
    long udpIdleCloses;
    /** Fresh codes asked of UDP sessions, to show their address still receives. */
    long udpRechecks;
    /** UDP sessions ended for not sending back a fresh code in time. */
    long udpRecheckCloses;
    /** Connections from banned addresses closed at accept, told or not (TCP, JSON, TLS, HTTP). */
    long bannedRefused;
    /** Datagrams from banned addresses that were not verified sessions: dropped without an answer. */
    long udpBannedDrops;
    /** Turns of the event loop. */
    long loopIterations;
    /** Time the loop spent between a select returning and the next select: working, not waiting. */
    long loopBusyNanos;
    /** Connections opened, by what they were when they began (a WebSocket: HTTP, then WEBSOCKET at the upgrade). */
    private final long[] opened = new long[ConnectionKind.values().length];

    void countOpened(ConnectionKind kind) {
        opened[kind.ordinal()]++;
    }

    long opened(ConnectionKind kind) {
        return opened[kind.ordinal()];
    }
}
