package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import chatroom.server.chat.Peer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.ZoneId;

/**
 * A {@link Peer} that does what {@code Connection} does with an event (its framing encodes it
 * once per wire format through the loop's {@link EventEncoder}, the server's own
 * {@link OutboundQueue} copies it into a pooled block) and writes with the same gathering writes to a sink that
 * takes everything and keeps nothing: the output path without the socket. For benchmarks in
 * other packages, which cannot reach these classes themselves.
 */
public final class QueuedPeer implements Peer {

    /** Takes every byte offered, like a socket with room to spare, and keeps none. */
    private static final OutboundQueue.Sink NOWHERE = (srcs, offset, length) -> {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
            srcs[i].position(srcs[i].limit());
        }
        return n;
    };

    private final long id;
    private final EventEncoder encoder;
    private final LineFraming framing;
    private final OutboundQueue out;
    private final ByteBuffer[] scratch = new ByteBuffer[EventLoop.GATHER_BUFFERS];

    /** Peers that share {@code encoder} share encodings, as a loop's connections do. */
    public QueuedPeer(long id, Encoder encoder, Format format) {
        this.id = id;
        this.encoder = encoder.encoder;
        this.framing = new LineFraming(4096, format);
        this.out = new OutboundQueue(encoder.pools);
    }

    /** One loop's encoder and output pools, to share among the peers of one benchmark. */
    public static final class Encoder {
        private final EventEncoder encoder = new EventEncoder(ZoneId.systemDefault());
        private final OutputPools pools = new OutputPools();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String address() {
        return "bench:" + id;
    }

    @Override
    public InetAddress inetAddress() {
        return null;
    }

    @Override
    public boolean encrypted() {
        return false;
    }

    @Override
    public void send(Outbound event) {
        out.add(framing.encode(event, encoder));
    }

    /** No flood control here: a charge costs nothing. */
    @Override
    public void charge(int lines) {}

    @Override
    public Format format(Format format) {
        return framing.format(format);
    }

    @Override
    public void close(String reason) {
        out.clear();
    }

    public long pendingBytes() {
        return out.pendingBytes();
    }

    /** Writes everything queued, as the loop's flush does, to a sink that drops it. */
    public long flush() throws IOException {
        return out.writeTo(NOWHERE, scratch, Long.MAX_VALUE);
    }
}
