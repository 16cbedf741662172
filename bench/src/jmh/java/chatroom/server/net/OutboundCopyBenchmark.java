package chatroom.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where copying a line into a reader's block stops paying, against queuing a view of the shared
 * encoding ({@link OutboundQueue#COPY_BELOW_BYTES}). One invocation is one reader's share of a
 * loop pass: {@value #LINES} lines of {@code lineBytes}, shared with other readers (so read-only
 * direct slices of one chunk), queued and written to a real loopback socket whose other end a
 * thread drains. The kernel copies the bytes either way; what differs is the queue's memcpy
 * against a view object and an iovec per line (and the JDK's per-buffer work in a gathering
 * write). The score is per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutboundCopyBenchmark {

    static final int LINES = 32;

    @Param({"64", "256", "1024", "2048", "4096", "8192"})
    int lineBytes;

    /** copy: every line into blocks; view: every line a view. */
    @Param({"copy", "view"})
    String mode;

    private final ByteBuffer[] scratch = new ByteBuffer[EventLoop.GATHER_BUFFERS];
    private final OutputPools pools = new OutputPools();
    private ByteBuffer[] lines;
    private OutboundQueue queue;
    private ServerSocket listener;
    private SocketChannel writer;
    private Thread drain;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(LINES * lineBytes);
        lines = new ByteBuffer[LINES];
        for (int i = 0; i < LINES; i++) {
            for (int b = 0; b < lineBytes; b++) {
                chunk.put(i * lineBytes + b, (byte) ('a' + (b % 26)));
            }
            lines[i] = chunk.slice(i * lineBytes, lineBytes).asReadOnlyBuffer();
        }
        queue = new OutboundQueue(pools, "copy".equals(mode) ? OutputPools.BLOCK_BYTES : 0);
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        writer = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
        Socket reader = listener.accept();
        drain = new Thread(() -> {
            byte[] sink = new byte[1 << 20];
            try (InputStream in = reader.getInputStream()) {
                while (in.read(sink) >= 0) {
                    // dropped: a reader that keeps up
                }
            } catch (IOException ignored) {
                // the trial is over
            }
        }, "drain");
        drain.setDaemon(true);
        drain.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        writer.close();
        listener.close();
        drain.join(5_000);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long pass() throws IOException {
        for (ByteBuffer line : lines) {
            queue.add(line);
        }
        return queue.writeTo(writer::write, scratch, Long.MAX_VALUE);
    }
}
