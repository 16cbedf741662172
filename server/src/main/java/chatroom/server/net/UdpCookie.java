package chatroom.server.net;

import chatroom.protocol.Udp;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The code that shows a UDP source receives what is sent to it (docs/PROTOCOL.md, "UDP"): a
 * keyed hash of its address, its port and the current minute, cut to {@link Udp#CODES}
 * values. The server hands it out and checks it without remembering anything about the
 * source, so a flood of forged first datagrams costs no memory: RFC 9000 §8.1's address
 * validation token, in small. A code is good in the slot it was made in and in the next one,
 * 60 to 120 s, time for a person to read it and type it back.
 *
 * <p>The key is made at start and never leaves the process: a restart voids every code. Time
 * is the loop's monotonic clock, so a clock step changes nothing. Loop thread only: the
 * {@link Mac} is not thread-safe, and its buffers are reused so a datagram allocates little.
 */
final class UdpCookie {

    static final Duration SLOT = Duration.ofSeconds(60);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final Mac mac;
    private final long slotNanos;
    /** Address (4 or 16 bytes: the two lengths cannot collide), port, slot; for a stay code also a purpose byte and two longs. */
    private final byte[] input = new byte[16 + 2 + 8 + 1 + 8 + 8];
    private final byte[] output;

    UdpCookie(byte[] key, Duration slot) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
        this.output = new byte[mac.getMacLength()];
        this.slotNanos = slot.toNanos();
    }

    /** A cookie with a fresh random key. */
    static UdpCookie random() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new UdpCookie(key, SLOT);
    }

    /** The code {@code source} is handed at {@code now} (0 to {@link Udp#CODES} - 1). */
    long code(InetSocketAddress source, long now) {
        return codeIn(source, Math.floorDiv(now, slotNanos));
    }

    /** True if {@code code} is what {@code source} was handed in this slot or the one before. */
    boolean valid(InetSocketAddress source, long code, long now) {
        long slot = Math.floorDiv(now, slotNanos);
        return code >= 0 && (code == codeIn(source, slot) || code == codeIn(source, slot - 1));
    }

    /**
     * The code a session is asked to send back to show its address still receives: bound to
     * the session and to which ask this is, not to the minute, so it is never the code the
     * session joined with (or any earlier one), and a replay of an old datagram proves nothing.
     */
    long stayCode(InetSocketAddress source, long session, long ask) {
        int n = put(source);
        input[n++] = 'S';
        n = putLong(session, n);
        n = putLong(ask, n);
        return hash(n);
    }

    private long codeIn(InetSocketAddress source, long slot) {
        return hash(putLong(slot, put(source)));
    }

    private int put(InetSocketAddress source) {
        byte[] address = source.getAddress().getAddress();
        int n = address.length;
        System.arraycopy(address, 0, input, 0, n);
        int port = source.getPort();
        input[n++] = (byte) (port >>> 8);
        input[n++] = (byte) port;
        return n;
    }

    private int putLong(long value, int at) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            input[at++] = (byte) (value >>> shift);
        }
        return at;
    }

    private long hash(int n) {
        mac.update(input, 0, n);
        try {
            mac.doFinal(output, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the output array is the MAC's own length", e);
        }
        long bits = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            bits = bits << 8 | (output[i] & 0xff);
        }
        // 2^64 is not a multiple of 10^8, but the bias is below one part in 10^11.
        return Long.remainderUnsigned(bits, Udp.CODES);
    }
}
