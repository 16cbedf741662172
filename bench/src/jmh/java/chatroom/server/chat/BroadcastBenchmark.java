package chatroom.server.chat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.server.net.QueuedPeer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The server's broadcast path without sockets: a burst of messages from one member of a room,
 * each made into one event, encoded once per wire format in use and queued for every other
 * member, then every member's queue written out with gathering writes, as one turn of the
 * event loop does. The score is per message; divide by {@code members - 1} for the cost of one
 * delivery. {@code format} is what every member reads: text lines (telnet) or JSON events.
 *
 * <ul>
 *   <li>{@code chatLine}: the whole of it, as {@link Chat#line} runs it (sanitise, parse,
 *       make the event, broadcast, history, the sender's echo) plus the flush;</li>
 *   <li>{@code encodeAndEnqueue}: make the event and {@link Room#broadcast} only, plus the flush.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BroadcastBenchmark {

    /** Messages a sender's read brings in one turn, before the flush. */
    static final int BURST = 32;

    @Param({"100", "1000"})
    int members;

    @Param({"TEXT", "JSON"})
    Format format;

    private final List<QueuedPeer> peers = new ArrayList<>();
    private Chat chat;
    private Session sender;
    /** The benchmark's timers never come due: it measures a broadcast, not what runs later. */
    private static final Scheduler.Timer NEVER_RUNS = new Scheduler.Timer() {
        @Override
        public void cancel() {}

        @Override
        public Duration remaining() {
            return Duration.ofDays(1);
        }
    };

    private Room room;
    private Session roomSender;
    private String[] texts;

    @Setup
    public void setUp() {
        Scheduler scheduler = (delay, task) -> NEVER_RUNS;
        chat = new Chat(new ChatSettings(20, 100, Duration.ofSeconds(60), List.of()), scheduler,
                Clock.systemDefaultZone());
        room = new Room("bench", 20, 1);
        QueuedPeer.Encoder encoder = new QueuedPeer.Encoder();
        for (int i = 0; i < members; i++) {
            QueuedPeer peer = new QueuedPeer(i, encoder, format);
            peers.add(peer);
            Session session = chat.connected(peer);
            chat.line(session, "b" + i);
            Session inRoom = new Session(peer);
            inRoom.name = "b" + i;
            room.add(inRoom);
            if (i == 0) {
                sender = session;
                roomSender = inRoom;
            }
        }
        texts = new String[BURST];
        for (int i = 0; i < BURST; i++) {
            StringBuilder text = new StringBuilder().append("0 ").append(i + 1).append(" 81234567890123");
            while (text.length() < 64) {
                text.append('.');
            }
            texts[i] = text.toString();
        }
        flushAll();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void chatLine(Blackhole blackhole) {
        for (String text : texts) {
            chat.line(sender, text);
        }
        blackhole.consume(flushAll());
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void encodeAndEnqueue(Blackhole blackhole) {
        for (String text : texts) {
            Event said = new Event.Said(Instant.now(), room.takeId(), room.name, roomSender.name, text, false);
            room.broadcast(new Outbound(said), roomSender);
        }
        blackhole.consume(flushAll());
    }

    private long flushAll() {
        long written = 0;
        try {
            for (QueuedPeer peer : peers) {
                written += peer.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return written;
    }
}
