package chatroom.netty;

/**
 * What the peer is told at start.
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param transport epoll or NIO under the one event loop
 * @param maxOutputBytes the most output that may wait for a connection before it is closed as
 *     a slow consumer, as chatroom's {@code --max-output-bytes}
 */
record PeerConfig(String host, int port, Transport transport, int maxOutputBytes) {

    /** The same cap as chatroom's default {@code --max-output-bytes}, so a comparison need not set it. */
    static final int DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

    PeerConfig {
        if (maxOutputBytes < 2) {
            throw new IllegalArgumentException("maxOutputBytes must be at least 2: " + maxOutputBytes);
        }
    }
}
