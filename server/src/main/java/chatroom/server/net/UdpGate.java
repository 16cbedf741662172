package chatroom.server.net;

import chatroom.server.limit.AddressKey;
import chatroom.server.limit.TokenBucket;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * How often the server answers UDP sources it has not verified: at most {@code rate} answers
 * a second from the whole server, and {@code ratePerAddress} to any one address (an IPv4
 * address, an IPv6 /64, as {@link AddressLimiter} counts them). A datagram over either is
 * dropped without a word.
 *
 * <p>Nothing is kept per source: the per-address limits live in a table of {@value #CELLS}
 * cells allocated once, the cell picked by a keyed hash of the address, so a flood of forged
 * sources costs no memory and nobody can aim at another address's cell. Addresses that share
 * a cell share its limit, which only makes it stricter. Each cell holds the "theoretical
 * arrival time" of the generic cell rate algorithm (one {@code long}, no refill arithmetic):
 * an answer is allowed while that time is at most a burst ahead of now.
 *
 * <p>Loop thread only; time is the loop's nanoseconds, passed in.
 */
final class UdpGate {

    static final int CELLS = 4096;

    private final long[] due = new long[CELLS];
    private final long interval;
    /** How far ahead of now a cell's time may be for one more answer: a burst less one interval. */
    private final long tolerance;
    private final TokenBucket server;
    private final long seed;

    UdpGate(double ratePerAddress, int burstPerAddress, double rate, int burst, long seed, long now) {
        if (!(ratePerAddress > 0) || burstPerAddress < 1) {
            throw new IllegalArgumentException("per-address rate and burst must be positive");
        }
        this.interval = Math.max(1, Math.round(1e9 / ratePerAddress));
        this.tolerance = Math.multiplyExact(interval, (long) burstPerAddress - 1);
        this.server = new TokenBucket(rate, burst, now);
        this.seed = seed;
        Arrays.fill(due, now);
    }

    /** May {@code source} be answered now? If so, the answer is counted against both limits. */
    boolean allow(SocketAddress source, long now) {
        int cell = cell(source);
        if (cell < 0 || due[cell] - now > tolerance || !server.hasToken(now)) {
            return false;
        }
        server.take();
        due[cell] = later(due[cell], now) + interval;
        return true;
    }

    /**
     * Counts {@code answers} more against {@code source}'s address (a wrong code: guessing
     * costs more than asking), at most a burst ahead, so an address is never locked out for
     * longer than a burst takes.
     */
    void charge(SocketAddress source, int answers, long now) {
        int cell = cell(source);
        if (cell >= 0) {
            long most = now + tolerance + interval;
            long next = later(due[cell], now) + answers * interval;
            due[cell] = next - most > 0 ? most : next;
        }
    }

    private static long later(long a, long b) {
        return a - b > 0 ? a : b;
    }

    private int cell(SocketAddress source) {
        AddressKey key = AddressKey.of(source);
        if (key == null) {
            return -1;
        }
        return (int) (mix(key.bits() ^ (key.v6() ? 0x9E3779B97F4A7C15L : 0) ^ seed) & (CELLS - 1));
    }

    /** MurmurHash3's 64-bit finaliser: every bit of the key moves every bit of the cell index. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
