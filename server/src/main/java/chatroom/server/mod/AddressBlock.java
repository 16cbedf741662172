package chatroom.server.mod;

import chatroom.protocol.AddressBlocks;
import chatroom.server.limit.AddressKey;
import java.net.InetAddress;

/**
 * An address block as bans hold it: the address bytes (host bits cleared) and a prefix
 * length, made from the one spelling {@link AddressBlocks#canonical} writes, and written back
 * in it. Immutable.
 *
 * <p>An IPv4 block matches IPv4 addresses only, an IPv6 block IPv6 ones; an IPv4-mapped IPv6
 * address ({@code ::ffff:a.b.c.d}, how a dual-stack socket reports an IPv4 client) is matched
 * as its IPv4 address, the way {@link AddressKey} counts it, so a ban on {@code 203.0.113.7}
 * cannot be walked around by connecting over the mapped form.
 */
public final class AddressBlock {

    /** IPv4 blocks may be no wider than this, or a typo bans a continent. */
    public static final int MIN_IPV4_PREFIX = 8;
    public static final int MIN_IPV6_PREFIX = 32;

    private final byte[] bytes;
    private final int prefix;
    private final String text;

    private AddressBlock(byte[] bytes, int prefix, String text) {
        this.bytes = bytes;
        this.prefix = prefix;
        this.text = text;
    }

    /** The block {@code text} names (any spelling {@link AddressBlocks#canonical} takes), or null if none. */
    public static AddressBlock parse(String text) {
        String canonical = AddressBlocks.canonical(text);
        if (canonical == null) {
            return null;
        }
        int slash = canonical.indexOf('/');
        byte[] bytes = AddressBlocks.parse(slash < 0 ? canonical : canonical.substring(0, slash));
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(canonical.substring(slash + 1));
        return new AddressBlock(bytes, prefix, canonical);
    }

    /** The one-address unit {@code address} is counted in ({@link AddressKey}: IPv4, or IPv6 /64) as a block. */
    public static AddressBlock unitOf(InetAddress address) {
        return parse(AddressKey.of(address).toString());
    }

    /** Whether {@code address} is inside this block. */
    public boolean contains(InetAddress address) {
        byte[] other = folded(address.getAddress());
        if (other.length != bytes.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (other[i] != bytes[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (other[whole] & mask) == (bytes[whole] & mask);
    }

    /** An IPv4-mapped IPv6 address as its IPv4 bytes; any other as it is. */
    static byte[] folded(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /**
     * A block as a map key: its family, prefix length and the address bits the prefix covers.
     * {@link #keyOf} gives the key of the block of a given prefix length that holds an address,
     * so many blocks are searched by one lookup per prefix length in use, not block by block.
     */
    record Key(boolean v6, int prefix, long high, long low) {}

    /** This block's {@link Key}. */
    Key blockKey() {
        return keyOf(bytes, prefix);
    }

    /** The {@link Key} of the block of {@code prefix} bits that holds {@code address} ({@link #folded} bytes). */
    static Key keyOf(byte[] address, int prefix) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < address.length; i++) {
            int kept = Math.max(0, Math.min(8, prefix - i * 8));
            long b = address[i] & 0xff00 >>> kept & 0xff;
            if (i < 8) {
                high = high << 8 | b;
            } else {
                low = low << 8 | b;
            }
        }
        return new Key(address.length == 16, prefix, high, low);
    }

    /** The length of this block's prefix, in bits. */
    int prefix() {
        return prefix;
    }

    /** Whether this is an IPv6 block (then its prefix counts 128 bits, else 32). */
    boolean isV6() {
        return bytes.length == 16;
    }

    /** Wider than {@link #MIN_IPV4_PREFIX} / {@link #MIN_IPV6_PREFIX}: refused as a ban. */
    public boolean tooWide() {
        return prefix < (bytes.length == 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX);
    }

    /**
     * The key of the one address this block is, if it is exactly the unit {@link AddressKey}
     * counts (IPv4 /32, IPv6 /64); null for a wider or narrower block.
     */
    public AddressKey key() {
        boolean unit = bytes.length == 4 ? prefix == 32 : prefix == 64;
        return unit ? AddressKey.of(address()) : null;
    }

    private InetAddress address() {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressBlock other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The canonical spelling: {@code 203.0.113.7}, {@code 203.0.113.0/24}, {@code 2001:db8::/48}. */
    @Override
    public String toString() {
        return text;
    }
}
