package chatroom.bench;

/**
 * How a UDP user's output is cut into datagrams: at line ends, at most {@link chatroom.protocol.Udp#DATAGRAM_BYTES}
 * each, as the server packs its own. A sender that has a burst of messages queued sends them in
 * a few datagrams rather than one each, which is what its socket write does over TCP; the server
 * splits every datagram into lines again. (Incoming datagrams are split by {@link LineAssembler}
 * with {@link LineAssembler#finish()} after each.)
 */
final class Datagrams {

    private Datagrams() {}

    /**
     * Where the datagram that starts at {@code from} in {@code bytes[from, to)} ends: everything
     * if it fits in {@code max}; else after the last line end that keeps it within {@code max};
     * else (a first line longer than {@code max}) after that line, which goes alone.
     */
    static int end(byte[] bytes, int from, int to, int max) {
        if (to - from <= max) {
            return to;
        }
        int lastEnd = -1;
        for (int i = from; i < from + max; i++) {
            if (bytes[i] == '\n') {
                lastEnd = i + 1;
            }
        }
        if (lastEnd > 0) {
            return lastEnd;
        }
        for (int i = from + max; i < to; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }
}
