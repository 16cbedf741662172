package chatroom.server.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's input path without the socket: {@link LineDecoder} splitting a full read
 * buffer of message lines, as a sender's connection delivers them. The score is per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineDecoderBenchmark {

    static final int LINES = 512;

    /** The message text's size in bytes (the load generator's payload). */
    @Param({"64", "512"})
    int payload;

    /** How lines end: nc sends LF, telnet CR LF. */
    @Param({"LF", "CRLF"})
    String ending;

    private ByteBuffer input;
    private LineDecoder decoder;

    @Setup
    public void setUp() {
        String end = ending.equals("LF") ? "\n" : "\r\n";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            StringBuilder line = new StringBuilder().append(i % 10).append(' ').append(i).append(" 81234567890123");
            while (line.length() < payload) {
                line.append('.');
            }
            text.append(line).append(end);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        // Direct, like the loop's shared read buffer.
        input = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        decoder = new LineDecoder(4096);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void decode(Blackhole blackhole) {
        input.rewind();
        Inbound line;
        while ((line = decoder.next(input)) != null) {
            blackhole.consume(line);
        }
        decoder.releaseIfIdle();
    }
}
