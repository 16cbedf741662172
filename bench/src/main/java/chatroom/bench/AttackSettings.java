package chatroom.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One attack's settings, checked: a bad one is an {@link IllegalArgumentException} naming the
 * option, which {@link Attack} shows as a usage error.
 *
 * @param address the server's plain port: the canary's, and the attackers' unless they use TLS
 * @param tls the server's TLS port and the certificate to trust there, for a kind that
 *     {@linkplain AttackKind#overTls() attacks over TLS}; null otherwise
 * @param clients attacking connections
 * @param durationSeconds how long the attack goes on once every attacker is in
 * @param connectsPerSecond how fast the attackers connect
 * @param canaryFrom the local address the canary pair connects from, or null for any
 */
record AttackSettings(AttackKind kind, InetSocketAddress address, Tls tls, int clients, double durationSeconds,
                      double connectsPerSecond, InetAddress canaryFrom) {

    /** Where attackers that use TLS connect, and what they trust there. */
    record Tls(InetSocketAddress address, TlsTrust trust) {}

    /**
     * The fewest attackers any kind works with: stalled-readers has twenty seeders besides the
     * stalled ones.
     */
    static final int MIN_CLIENTS = 40;
    /** Connecting everyone may take this long beyond what the connect rate needs. */
    private static final double CONNECT_MARGIN_SECONDS = 30;

    AttackSettings {
        require(kind != null, "--kind must be one of " + AttackKind.labels());
        require(!address.isUnresolved() && address.getPort() >= 1 && address.getPort() <= 65_535,
                "--host and --port must name a server (port 1..65535)");
        require(kind == null || !kind.overTls() || tls != null,
                "--kind " + (kind == null ? "" : kind.label()) + " attacks over TLS: give --tls-port and --tls-ca");
        require(clients >= MIN_CLIENTS, "--clients must be at least " + MIN_CLIENTS);
        require(durationSeconds > 0, "--duration must be positive");
        require(connectsPerSecond > 0, "--connect-rate must be positive");
    }

    /** Where the attackers connect: the TLS port for a kind that attacks over TLS. */
    InetSocketAddress crowdAddress() {
        return kind.overTls() ? tls.address() : address;
    }

    /** What the attackers trust: null for plain TCP. */
    TlsTrust crowdTrust() {
        return kind.overTls() ? tls.trust() : null;
    }

    /** How long connecting may take before the attack starts with whoever got in. */
    long connectTimeoutNanos() {
        return BenchSettings.seconds(clients / connectsPerSecond + CONNECT_MARGIN_SECONDS);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
