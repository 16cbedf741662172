package chatroom.bench;

import chatroom.protocol.Format;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What differs between the servers the generator can drive: how a connection gets into the
 * room, how a message is framed on the way in, and how a delivered message is recognised on
 * the way out. Everything else (the reactor, connecting at a rate, pacing, delivery tracking,
 * reporting) is shared, so both servers are measured by the same code.
 *
 * <ul>
 *   <li>{@link ChatroomProtocol}: one connection per user, logged in by answering the name
 *       question; text lines (a user's own messages are not echoed to it) or JSON lines (they
 *       are, marked as echoes).</li>
 *   <li>{@link WebSocketProtocol}: the chatroom server's JSON events over a WebSocket on its HTTP
 *       port, as its web page speaks; a user's own messages come back to it marked as echoes.</li>
 *   <li>{@link UdpProtocol}: the chatroom server's text lines in datagrams on its UDP port, one
 *       connected datagram socket per user, in after a code exchange; the server may drop.</li>
 *   <li>{@link RespProtocol}: Redis pub/sub. Receivers {@code SUBSCRIBE} to a channel; a
 *       subscribed connection may not publish, so senders {@code PUBLISH} on a connection of
 *       their own and are not members, so that none is handed its own messages back.</li>
 * </ul>
 */
interface Protocol {

    /** What a connection is for. */
    enum Role {
        /** In the room: receives every message; on chatroom, senders talk on it too. */
        MEMBER,
        /** Only sends (Redis publishers); never used when {@link #sendsOnMemberConnection()}. */
        PUBLISHER
    }

    /** The {@code --target} name: {@code chatroom}, {@code json}, {@code ws}, {@code udp} or {@code redis}. */
    String name();

    /**
     * True if a user is a datagram socket (UDP): output is cut into datagrams at line ends, and
     * the server may drop what it sends, so loss is measured and reported rather than a failure.
     */
    default boolean datagrams() {
        return false;
    }

    /**
     * True if a sender talks on its member connection; false if it needs a publishing connection of
     * its own, and is then not a member at all ({@link FanOutWorkload}).
     */
    boolean sendsOnMemberConnection();

    /** True if a sender's member connection receives the sender's own messages (they are then ignored). */
    boolean echoesToSender();

    /** The connection's side of the protocol; {@code client} is the transport it drives. */
    Session session(BenchClient client, Role role);

    /** The most bytes {@link #writeMessage} appends for a payload of {@code payloadBytes}. */
    int maxMessageBytes(int payloadBytes);

    /**
     * Appends one message from {@code sender} to {@code out}, a heap buffer in write mode with
     * at least {@link #maxMessageBytes} remaining: the text is {@link MessagePayload}'s.
     */
    void writeMessage(ByteBuffer out, int sender, long sequence, long sentNanos, int payloadBytes);

    /**
     * Asks the server to give back memory it no longer needs, before its RSS is read: a full
     * GC for the JVM, {@code MEMORY PURGE} for Redis.
     */
    void settleMemory(ServerProcess server, InetSocketAddress address) throws IOException, InterruptedException;

    /** The server's heap in use, in KiB, read after {@link #settleMemory}; -1 where there is no JVM heap (Redis). */
    default long heapKiB(ServerProcess server) throws IOException, InterruptedException {
        return server.heapUsedKiB();
    }

    /** One connection's protocol state: what it sends to get in, and how it reads what arrives. */
    interface Session {

        /** The connection is up: send whatever gets it into the room, or report it in at once. */
        void start();

        /** Bytes that arrived, in a buffer valid only during the call (over UDP: one whole datagram). */
        void input(byte[] bytes, int offset, int length);

        /**
         * Nothing was sent for {@code quietNanos}: for sessions that must ask again or keep
         * themselves alive (UDP). Called every {@link Fleet#HOUSEKEEPING_NANOS} or so, only for
         * {@link Protocol#datagrams()} protocols.
         */
        default void quiet(long quietNanos) {
        }
    }

    static Protocol named(String name) {
        return switch (name) {
            case "chatroom" -> new ChatroomProtocol();
            case "redis" -> new RespProtocol();
            case "json" -> new ChatroomProtocol(Format.JSON);
            case "ws" -> new WebSocketProtocol();
            case "udp" -> new UdpProtocol();
            default -> throw new IllegalArgumentException("unknown target " + name + ": chatroom, json, ws, udp or redis");
        };
    }
}
