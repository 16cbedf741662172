package chatroom.server.net;

import chatroom.server.chat.Peer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A {@link Peer} that queues what it is sent in the server's own {@link OutboundQueue}, as
 * {@code Connection} does, and writes it with the same gathering writes to a channel that
 * takes everything and keeps nothing: the output path without the socket. For benchmarks in
 * other packages, which cannot reach the queue themselves.
 */
public final class QueuedPeer implements Peer {

    /** The loop's gathering-write batch. */
    private static final int GATHER_BUFFERS = 64;

    private final long id;
    private final OutboundQueue out = new OutboundQueue();
    private final ByteBuffer[] scratch = new ByteBuffer[GATHER_BUFFERS];

    public QueuedPeer(long id) {
        this.id = id;
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
    public void send(ByteBuffer line) {
        out.add(line);
    }

    @Override
    public void close(String reason) {
        out.clear();
    }

    public long pendingBytes() {
        return out.pendingBytes();
    }

    /** Writes everything queued, as the loop's flush does, to a channel that drops it. */
    public long flush() throws IOException {
        return out.writeTo(NullChannel.INSTANCE, scratch, Long.MAX_VALUE);
    }

    /** Takes every byte offered, like a socket with room to spare, and keeps none. */
    private enum NullChannel implements GatheringByteChannel {
        INSTANCE;

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += sources[i].remaining();
                sources[i].position(sources[i].limit());
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            int n = source.remaining();
            source.position(source.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
