package chatroom.bench;

import java.net.InetSocketAddress;

/**
 * One run's settings, checked by {@link LoadGenerator}.
 *
 * @param protocol the server's protocol ({@code --target})
 * @param clients the room's members: every one receives, the first {@code senders} also send
 * @param rate total messages a second across all senders; 0 sends as fast as the window allows
 * @param window unconfirmed messages per sender when {@code rate} is 0
 * @param payloadBytes the size of each message's text, padding included
 * @param slowClients extra members that stop reading once in (slow consumers)
 * @param serverPid the server's process id, to read its CPU and memory; null to skip
 * @param tls connect over TLS 1.3 trusting this; null for plain TCP
 */
record BenchSettings(
        Protocol protocol,
        String host,
        int port,
        int clients,
        int senders,
        double rate,
        int window,
        int payloadBytes,
        double durationSeconds,
        double warmupSeconds,
        double connectsPerSecond,
        int slowClients,
        Long serverPid,
        String namePrefix,
        TlsTrust tls) {

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** TARGET at HOST:PORT, for progress messages. */
    String target() {
        return protocol.name() + " at " + host + ":" + port + (tls == null ? "" : " over TLS");
    }

    /** Long enough to connect every client at the configured rate, plus a margin for logins. */
    long loginTimeoutNanos() {
        return seconds((clients + slowClients + senders) / connectsPerSecond + 30);
    }

    static long seconds(double seconds) {
        return (long) (seconds * 1e9);
    }
}
