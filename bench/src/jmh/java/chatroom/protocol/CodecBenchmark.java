package chatroom.protocol;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What encoding one chat message costs in each wire format, as the server pays it once per
 * broadcast and format: the text line telnet users get, and the JSON line (Jackson's streaming
 * generator) rich clients get. A new instant each call, as the server makes a new event for
 * every message, so the per-second caches see the same hit rate as in a busy room.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private static final String TEXT = "0 17 81234567890123.............................................";

    private final TextCodec text = new TextCodec(ZoneId.systemDefault());
    private final JsonCodec json = new JsonCodec();
    private long id;

    private Event.Said said() {
        return new Event.Said(Instant.now(), ++id, "lobby", "b00042", TEXT, false);
    }

    @Benchmark
    public byte[] textLine() {
        return text.encodeLines(said());
    }

    @Benchmark
    public byte[] jsonLine() {
        return json.encodeLine(said());
    }
}
