package chatroom.server.limit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;

/**
 * "One address" as the server counts it: an IPv4 address, or the first 64 bits of an IPv6
 * address (one subscriber's network: a host can pick any address inside its /64), with
 * IPv4-mapped IPv6 folded to IPv4. Connection limits, bans and password attempts all count
 * in this unit.
 */
public record AddressKey(long bits, boolean v6) {

    /** The key of {@code address}, or null for one that is not an IP address (nothing to limit). */
    public static AddressKey of(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? of(inet.getAddress())
                : null;
    }

    public static AddressKey of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return new AddressKey(bits(b, 0, 4), false);
        }
        if (isIpv4Mapped(b)) {
            return new AddressKey(bits(b, 12, 4), false);
        }
        return new AddressKey(bits(b, 0, 8), true);
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static long bits(byte[] b, int from, int length) {
        long bits = 0;
        for (int i = from; i < from + length; i++) {
            bits = bits << 8 | (b[i] & 0xff);
        }
        return bits;
    }

    /** {@code 203.0.113.7}, or {@code 2001:db8:0:1::/64}. */
    @Override
    public String toString() {
        if (!v6) {
            return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
        }
        return String.format(Locale.ROOT, "%x:%x:%x:%x::/64",
                bits >>> 48, bits >>> 32 & 0xffff, bits >>> 16 & 0xffff, bits & 0xffff);
    }
}
