package chatroom.server.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A TCP socket as it is: reads and writes go straight to the channel, interest straight to its key. */
final class PlainTransport implements Transport {

    private final SocketChannel channel;
    private final SelectionKey key;
    /** The channel's own cached remote address: kept as the object, formatted only for logs. */
    private final SocketAddress remote;

    PlainTransport(SocketChannel channel, SelectionKey key, SocketAddress remote) {
        this.channel = channel;
        this.key = key;
        this.remote = remote;
    }

    /** Readiness is all the connection's: a socket has no work of its own. */
    @Override
    public int ready(int readyOps) {
        return readyOps;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    /** Nothing: what a write takes, the kernel has. */
    @Override
    public long pendingOutput() {
        return 0;
    }

    /** Never: what the kernel holds, the selector reports. */
    @Override
    public boolean hasBufferedInput() {
        return false;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void wantRead(boolean want) {
        interest(SelectionKey.OP_READ, want);
    }

    @Override
    public void wantWrite(boolean want) {
        interest(SelectionKey.OP_WRITE, want);
    }

    @Override
    public void quiet() {
        if (key.isValid()) {
            key.interestOps(0);
        }
    }

    private void interest(int op, boolean want) {
        if (!key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = want ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.TCP;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to do: the descriptor is released either way.
        }
    }
}
