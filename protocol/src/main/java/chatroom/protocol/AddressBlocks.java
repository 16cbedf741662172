package chatroom.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What an operator may type as an address to ban: {@code 203.0.113.7},
 * {@code 203.0.113.0/24}, {@code 2001:db8::/48}. Pure and never a DNS lookup: only digits,
 * dots, colons and hex letters are accepted before the text is parsed as a literal.
 *
 * <p>A ban target with a dot or a colon is an address; anything else is a name, since names
 * have neither ({@link Names}).
 */
public final class AddressBlocks {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    private AddressBlocks() {}

    /** Whether a ban target is meant as an address rather than a name. */
    public static boolean looksLikeAddress(String target) {
        return target.indexOf('.') >= 0 || target.indexOf(':') >= 0;
    }

    /**
     * {@code text} in one spelling ({@code 203.0.113.0/24}, {@code 2001:db8::/48}; an address
     * without a prefix is the unit the server counts connections in: {@code /32} for IPv4,
     * {@code /64} for IPv6, written without the {@code /32}), with the host bits cleared; null if
     * it is not an address or block.
     */
    public static String canonical(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = parse(address);
        if (bytes == null) {
            return null;
        }
        int max = bytes.length * 8;
        int prefix;
        if (slash < 0) {
            prefix = bytes.length == 4 ? 32 : 64;
        } else {
            String digits = text.substring(slash + 1);
            if (!PREFIX.matcher(digits).matches() || Integer.parseInt(digits) > max) {
                return null;
            }
            prefix = Integer.parseInt(digits);
        }
        for (int bit = prefix; bit < max; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        String written;
        try {
            written = InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        if (bytes.length == 16) {
            written = compress(written);
        }
        return prefix == 32 && bytes.length == 4 ? written : written + "/" + prefix;
    }

    /** The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 becomes its IPv4), or null. */
    public static byte[] parse(String address) {
        if (IPV4.matcher(address).matches()) {
            return literal(address);
        }
        if (address.indexOf(':') < 0 || !IPV6_CHARS.matcher(address).matches()) {
            return null;
        }
        return literal(address);
    }

    /** A literal only, checked above, so {@code getByName} parses it and never asks DNS. */
    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code 2001:db8:0:0:0:0:0:0} as {@code 2001:db8::}: the longest run of zero groups, once. */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
