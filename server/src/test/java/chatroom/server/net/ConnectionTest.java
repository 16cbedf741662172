package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.WebSocketFrame;
import chatroom.server.chat.Chat;
import chatroom.server.chat.ChatSettings;
import chatroom.server.limit.TokenBucket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection} on its own: a fake {@link Transport} in memory (scripted reads, a write
 * that takes at most so many bytes a call, the interest it was asked for), and a context with
 * the real chat, the real {@link Timers} on a nano clock moved by hand, and the real encoder.
 * No sockets and no sleeping: every step of the loop is a call the test makes.
 */
class ConnectionTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:34:56Z");
    private static final String STAMP = "[12:34:56]";
    private static final Duration GRACE = Duration.ofSeconds(2);

    private long maxOutputBytes = 1 << 20;
    private ServerConfig.SoftOutputLimit softOutput = ServerConfig.SoftOutputLimit.DEFAULT;
    private TestContext context;
    private final List<Client> clients = new ArrayList<>();
    private long ids;

    private TestContext context() {
        if (context == null) {
            ChatSettings chat = new ChatSettings(20, 100, Duration.ofSeconds(60), List.of());
            ServerConfig config = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), 100, 4096,
                    maxOutputBytes, 0, 1, GRACE, chat).withSoftOutput(softOutput);
            context = new TestContext(config);
        }
        return context;
    }

    // ------------------------------------------------------------------ fixtures

    /** Reads return {@link #EOF} for the end of the stream; an exception is thrown when reached. */
    static final Object EOF = new Object();

    /** A transport in memory: the test scripts what reads return and caps what writes take. */
    static final class FakeTransport implements Transport {
        private final ArrayDeque<Object> script = new ArrayDeque<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        /** What happened, in order: "write N", "shutdownOutput", "close". */
        final List<String> log = new ArrayList<>();
        /** The most bytes one write call takes, however much room there is. */
        int perCall = Integer.MAX_VALUE;
        /** The room left in the socket's send buffer: writes take no more; 0 is full. The test refills it. */
        long room = Long.MAX_VALUE;
        IOException failWrite;
        boolean wantRead = true;
        boolean wantWrite;
        boolean quiet;
        boolean outputShut;
        int closes;
        int reads;
        int writeCalls;
        /** False: a handshake is under way, and each {@link #ready} is one step of it costing {@link #stepWork}. */
        boolean established = true;
        long stepWork;
        int steps;
        private long work;

        void script(Object... items) {
            script.addAll(List.of(items));
        }

        boolean hasUnread() {
            return !script.isEmpty() && script.peek() != EOF;
        }

        @Override
        public int ready(int readyOps) {
            if (!established) {
                steps++;
                work += stepWork;
                return 0; // the handshake's, not the connection's
            }
            return readyOps;
        }

        @Override
        public boolean established() {
            return established;
        }

        @Override
        public long takeWork() {
            long done = work;
            work = 0;
            return done;
        }

        @Override
        public long pendingOutput() {
            return 0;
        }

        @Override
        public boolean hasBufferedInput() {
            return false;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            reads++;
            Object next = script.peek();
            if (next == null) {
                return 0;
            }
            if (next == EOF) {
                return -1; // and stays at the end
            }
            if (next instanceof IOException e) {
                script.poll();
                throw e;
            }
            byte[] bytes = (byte[]) next;
            int n = Math.min(bytes.length, dst.remaining());
            dst.put(bytes, 0, n);
            script.poll();
            if (n < bytes.length) {
                script.addFirst(java.util.Arrays.copyOfRange(bytes, n, bytes.length));
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            writeCalls++;
            if (failWrite != null) {
                throw failWrite;
            }
            long limit = Math.min(perCall, room);
            long n = 0;
            for (int i = offset; i < offset + length && n < limit; i++) {
                ByteBuffer src = srcs[i];
                int take = (int) Math.min(src.remaining(), limit - n);
                byte[] bytes = new byte[take];
                src.get(bytes);
                written.writeBytes(bytes);
                n += take;
            }
            if (n > 0) {
                log.add("write " + n);
            }
            room -= n;
            return n;
        }

        @Override
        public void shutdownOutput() {
            outputShut = true;
            log.add("shutdownOutput");
        }

        @Override
        public void wantRead(boolean want) {
            wantRead = want;
        }

        @Override
        public void wantWrite(boolean want) {
            wantWrite = want;
        }

        @Override
        public void quiet() {
            quiet = true;
            wantRead = false;
            wantWrite = false;
        }

        @Override
        public ConnectionKind kind() {
            return ConnectionKind.TCP;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public void close() {
            closes++;
            log.add("close");
        }
    }

    /** A key that is ready for whatever the test says; interest goes through the transport, not here. */
    static final class FakeKey extends SelectionKey {
        int ready;

        @Override
        public SelectableChannel channel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Selector selector() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public void cancel() {
            throw new UnsupportedOperationException("the connection cancels through its transport");
        }

        @Override
        public int interestOps() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SelectionKey interestOps(int ops) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int readyOps() {
            return ready;
        }
    }

    /**
     * What the loop gives a connection, with the real chat, timers and encoder. The loop's own
     * steps are methods the test calls: {@link #afterEvents} and {@link #advance}.
     */
    static class TestContext implements ConnectionContext {
        long nanos = 5_000_000_000L;
        final ServerConfig config;
        final Timers timers = new Timers(() -> nanos);
        final Chat chat;
        final EventEncoder encoder = new EventEncoder(ZoneOffset.UTC);
        final OutputBudget outputBudget = new OutputBudget(Long.MAX_VALUE);
        TurnBudget turnBudget = new TurnBudget(Long.MAX_VALUE);
        final ByteBuffer readBuffer = ByteBuffer.allocateDirect(EventLoop.READ_BUFFER_BYTES);
        final ByteBuffer[] writeScratch = new ByteBuffer[EventLoop.GATHER_BUFFERS];
        final OutputPools outputPools = new OutputPools();
        final AfterEvents steps = new AfterEvents();
        final Metrics metrics = new Metrics();
        final Map<Deferred, Integer> flushRequests = new HashMap<>();

        TestContext(ServerConfig config) {
            this.config = config;
            this.chat = new Chat(config.chat(), timers, Clock.fixed(NOW, ZoneOffset.UTC));
        }

        @Override
        public ServerConfig config() {
            return config;
        }

        @Override
        public Chat chat() {
            return chat;
        }

        @Override
        public Timers timers() {
            return timers;
        }

        @Override
        public EventEncoder encoder() {
            return encoder;
        }

        @Override
        public OutputBudget outputBudget() {
            return outputBudget;
        }

        @Override
        public TurnBudget turnBudget() {
            return turnBudget;
        }

        @Override
        public ByteBuffer readBuffer() {
            return readBuffer;
        }

        @Override
        public ByteBuffer[] writeScratch() {
            return writeScratch;
        }

        @Override
        public OutputPools outputPools() {
            return outputPools;
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Metrics metrics() {
            return metrics;
        }

        @Override
        public void flushLater(Deferred connection) {
            flushRequests.merge(connection, 1, Integer::sum);
            steps.flushLater(connection);
        }

        @Override
        public void readLater(Deferred connection) {
            steps.readLater(connection);
        }

        @Override
        public void closeLater(Deferred connection) {
            steps.closeLater(connection);
        }

        /** The loop's after-events step: close what was marked, flush what got output, until both are done. */
        void afterEvents() {
            steps.runReads();
            steps.run();
        }

        /** Time passes: due timers run, then the after-events step, as in one turn of the loop. */
        void advance(Duration by) {
            nanos += by.toNanos();
            turnBudget.reset();
            timers.runDue(nanos);
            afterEvents();
        }
    }

    /** One client: its connection, its transport and its key. */
    final class Client {
        final FakeTransport transport = new FakeTransport();
        final FakeKey key = new FakeKey();
        final Connection connection;
        private int taken;

        Client(Format format, TokenBucket flood) {
            connection = new Connection(context(), ++ids, transport,
                    new LineFraming(context().config().maxLineBytes(), format), flood);
            clients.add(this);
            connection.start();
        }

        /** A client handed over by another protocol: {@code preamble} and {@code leftover} as {@link Connection#start(ByteBuffer, ByteBuffer)} takes them. */
        Client(Framing framing, TokenBucket flood, ByteBuffer preamble, ByteBuffer leftover) {
            connection = new Connection(context(), ++ids, transport, framing, flood);
            clients.add(this);
            connection.start(preamble, leftover);
        }

        /** {@code bytes} arrive in one read. */
        void sends(byte[] bytes) {
            transport.script(bytes);
            readable();
        }

        /** {@code lines} arrive in one read, each ending in CR LF. */
        void types(String... lines) {
            StringBuilder s = new StringBuilder();
            for (String line : lines) {
                s.append(line).append("\r\n");
            }
            arrive(s.toString());
        }

        void arrive(String raw) {
            transport.script(raw.getBytes(StandardCharsets.UTF_8));
            readable();
        }

        void readable() {
            key.ready = SelectionKey.OP_READ;
            connection.onReady(key);
        }

        void writable() {
            key.ready = SelectionKey.OP_WRITE;
            connection.onReady(key);
        }

        /** Every line written to the transport so far, without CR LF. */
        List<String> lines() {
            String all = transport.written.toString(StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(all.split("\r\n", -1)));
            lines.remove(lines.size() - 1); // after the last CR LF: empty, or a line cut short
            return lines;
        }

        /** The lines written since the last take. */
        List<String> take() {
            List<String> all = lines();
            List<String> fresh = new ArrayList<>(all.subList(taken, all.size()));
            taken = all.size();
            return fresh;
        }
    }

    private Client connect() {
        return new Client(Format.TEXT, null);
    }

    /** Connected, named, in the lobby; every line any client got so far is written and taken. */
    private Client login(String name) {
        return login(name, null);
    }

    private Client login(String name, TokenBucket flood) {
        Client client = new Client(Format.TEXT, flood);
        client.types(name);
        context().afterEvents();
        assertThat(client.take()).as("%s logged in", name).contains("*** Hello " + name + "! Type /help for commands.");
        for (Client other : clients) {
            other.take();
        }
        return client;
    }

    /** {@code size} more members of {@code room} that only listen, named {@code room} plus a number. */
    private void crowd(String room, int size) {
        for (int i = 0; i < size; i++) {
            login(room + i).types("/join " + room);
        }
        context().afterEvents();
        clients.forEach(Client::take);
    }

    private static String msg(String from, String text) {
        return STAMP + " <" + from + "> " + text;
    }

    private static List<String> messages(String prefix, int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(prefix + i);
        }
        return lines;
    }

    /** The bytes a message line takes in text: what a queue grows by per message. */
    private static int lineBytes(String from, String text) {
        return (msg(from, text) + "\r\n").getBytes(StandardCharsets.UTF_8).length;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void greetsThroughTheTransportOnceTheLoopFlushes() {
        Client client = connect();

        assertThat(client.lines()).as("nothing before the after-events step").isEmpty();
        context().afterEvents();

        assertThat(client.take()).containsExactly(
                "*** Welcome to chatroom!", "*** What is your name? (1-24 letters, digits, _ or -)");
        assertThat(client.transport.wantWrite).isFalse();
    }

    @Test
    void aBurstOfOutputIsFlushedOnceATurn() {
        Client alice = login("alice");
        Client bob = login("bob");
        context().flushRequests.clear();
        int writeCalls = alice.transport.writeCalls;

        bob.types("1", "2", "3", "4", "5");
        bob.types("6");
        context().afterEvents();

        assertThat(context().flushRequests.get(alice.connection)).isEqualTo(1);
        assertThat(alice.take()).containsExactly(msg("bob", "1"), msg("bob", "2"), msg("bob", "3"),
                msg("bob", "4"), msg("bob", "5"), msg("bob", "6"));
        assertThat(alice.transport.writeCalls - writeCalls).as("one gathering write for the whole burst")
                .isEqualTo(1);
    }

    /** A text user's own message has no text form: nothing is queued, nothing flushed, nothing written. */
    @Test
    void aTextUsersOwnMessageCostsItsConnectionNothing() {
        Client alice = login("alice");
        Client bob = login("bob");
        context().flushRequests.clear();
        int writeCalls = alice.transport.writeCalls;
        int written = alice.transport.written.size();

        alice.types("hello");
        assertThat(alice.connection.heldBytes()).isZero();
        context().afterEvents();

        assertThat(context().flushRequests).doesNotContainKey(alice.connection).containsKey(bob.connection);
        assertThat(alice.transport.writeCalls).isEqualTo(writeCalls);
        assertThat(alice.transport.written.size()).isEqualTo(written);
        assertThat(bob.take()).containsExactly(msg("alice", "hello"));
    }

    @Nested
    class Flood {

        private static final long TOKEN = Duration.ofMillis(100).toNanos(); // 10 lines a second

        /**
         * Adversarial review: ten clients sending 4 KiB private messages to one user at the
         * line rate pushed 410 KB/s at them and had them cut off as too slow. A long line now
         * counts as a line per 512 bytes begun.
         */
        @Test
        void aLongLineCountsAsALinePerBeginning512Bytes() {
            Client bob = login("bob");
            Client alice = login("alice", new TokenBucket(10, 20, context().nanoTime()));
            bob.take();
            String big = "x".repeat(4000); // 8 tokens: 19 left after the name, then 11, 3, -5
            String small = "y".repeat(Connection.BYTES_PER_TOKEN); // 1 token

            alice.types(big, big, big, small);
            context().afterEvents();
            assertThat(bob.take()).containsExactly(msg("alice", big), msg("alice", big), msg("alice", big));

            context().advance(Duration.ofNanos(6 * TOKEN - 1));
            assertThat(bob.take()).as("the debt is not paid yet").isEmpty();
            context().advance(Duration.ofNanos(1));
            assertThat(bob.take()).containsExactly(msg("alice", small));
        }

        @Test
        void readingStopsWhenTheBucketIsEmptyAndATimerResumesWithNothingLostAndOrderKept() {
            Client bob = login("bob");
            // A burst of 5: the name takes one, four lines are left.
            Client alice = login("alice", new TokenBucket(10, 5, context().nanoTime()));
            bob.take();

            alice.arrive(String.join("", messages("m", 0, 10).stream().map(l -> l + "\r\n").toList()) + "part");
            context().afterEvents();

            assertThat(bob.take()).containsExactlyElementsOf(messages(msg("alice", "m"), 0, 4));
            assertThat(alice.transport.wantRead).as("reading stops while lines are held back").isFalse();
            int readsWhileHeld = alice.transport.reads;
            alice.transport.script("ial\r\n".getBytes(StandardCharsets.US_ASCII));

            context().advance(Duration.ofNanos(TOKEN - 1));
            assertThat(bob.take()).as("no token yet").isEmpty();

            List<String> seen = new ArrayList<>();
            for (int i = 4; i < 10; i++) {
                context().advance(Duration.ofNanos(i == 4 ? 1 : TOKEN));
                List<String> fresh = bob.take();
                assertThat(fresh).as("one line per token").hasSize(1);
                seen.addAll(fresh);
                assertThat(alice.transport.wantRead).isFalse();
            }
            assertThat(seen).containsExactlyElementsOf(messages(msg("alice", "m"), 4, 10));

            context().advance(Duration.ofNanos(TOKEN)); // the partial line goes to the decoder
            assertThat(alice.transport.wantRead).as("nothing held back any more: reading again").isTrue();
            assertThat(alice.transport.reads).as("nothing read while held").isEqualTo(readsWhileHeld);
            alice.readable();
            context().afterEvents();
            assertThat(bob.take()).as("the partial line held back with the rest, then finished")
                    .containsExactly(msg("alice", "partial"));
        }

        @Test
        void aCloseDropsWhatIsHeldBack() {
            Client bob = login("bob");
            Client alice = login("alice", new TokenBucket(10, 2, context().nanoTime()));
            bob.take();
            alice.types("one", "two", "three");
            context().afterEvents();
            assertThat(bob.take()).containsExactly(msg("alice", "one"));
            assertThat(context().metrics.floodPauses).isEqualTo(1);

            alice.connection.shutdown();
            context().advance(Duration.ofSeconds(1));

            assertThat(bob.take()).isEmpty();
        }
    }

    @Nested
    class OutputCap {

        @Test
        void overTheCapTheConnectionIsMarkedClosingAsTooSlowAndStopsWriting() {
            // The cap counts memory held: three lines fill most of the first, small block; the
            // fourth needs a big one.
            maxOutputBytes = OutputPools.SMALL_BLOCK_BYTES;
            Client alice = login("alice");
            Client bob = login("bob");
            Client carol = login("carol");
            alice.take();
            alice.transport.room = 0; // alice stops reading: her socket buffer is full
            String line = "x".repeat(300);
            assertThat(3 * lineBytes("bob", line)).isLessThanOrEqualTo(OutputPools.SMALL_BLOCK_BYTES);

            bob.types(line, line, line);
            context().afterEvents();
            assertThat(alice.connection.isClosing()).as("at the cap, not over it").isFalse();
            assertThat(alice.connection.heldBytes()).isEqualTo(maxOutputBytes);
            int writeCalls = alice.transport.writeCalls;

            bob.types(line, "after the kick");

            assertThat(alice.connection.isClosing()).isTrue();
            String reason = "too slow: over " + maxOutputBytes + " bytes of output not read";
            assertThat(alice.connection.closeReason()).isEqualTo(reason);
            assertThat(alice.connection.heldBytes()).as("the queue is dropped").isZero();
            assertThat(alice.transport.quiet).isTrue();
            assertThat(alice.transport.closes).as("closed by the loop, not in the middle of the broadcast")
                    .isZero();
            assertThat(context().metrics.slowConsumerKicks).isEqualTo(1);

            context().afterEvents();
            alice.transport.room = Long.MAX_VALUE;
            alice.writable();
            context().afterEvents();

            assertThat(alice.transport.writeCalls).as("nothing written after the kick").isEqualTo(writeCalls);
            assertThat(alice.transport.closes).isEqualTo(1);
            assertThat(carol.take()).containsExactly(msg("bob", line), msg("bob", line), msg("bob", line),
                    msg("bob", line), msg("bob", "after the kick"), "*** alice left lobby (" + reason + ")");
        }
    }

    /**
     * Issue 15: a reader may be behind for a while (over the soft limit, under the hard cap),
     * not for long. Redis's {@code client-output-buffer-limit pubsub 32mb 8mb 60}.
     */
    @Nested
    class SoftOutputLimit {

        /** Three fill most of a queue's first, small block; a fourth needs a big one. */
        private static final String LINE = "y".repeat(300);

        private Client alice;
        private Client bob;
        private Client carol;

        /** Alice stops reading; the soft limit is the small block's memory, with a grace of 10 s. */
        private void aliceStopsReading() {
            softOutput = new ServerConfig.SoftOutputLimit(OutputPools.SMALL_BLOCK_BYTES, Duration.ofSeconds(10));
            alice = login("alice");
            bob = login("bob");
            carol = login("carol");
            alice.take();
            alice.transport.room = 0;
            assertThat(3 * lineBytes("bob", LINE)).isLessThanOrEqualTo(OutputPools.SMALL_BLOCK_BYTES);
        }

        @Test
        void aReaderOverItForLongerThanTheGraceIsCutOffAndTheOthersLoseNothing() {
            aliceStopsReading();
            bob.types(LINE, LINE, LINE, LINE); // over the soft limit from the fourth
            context().advance(Duration.ofSeconds(5));
            bob.types(LINE);
            assertThat(alice.connection.isClosing()).as("over it for 5 s of 10").isFalse();

            context().advance(Duration.ofSeconds(6));
            bob.types("after the grace");

            String reason = "too slow: over " + softOutput.bytes() + " bytes of output not read for 10 s";
            assertThat(alice.connection.closeReason()).isEqualTo(reason);
            assertThat(context().metrics.slowConsumerKicks).isEqualTo(1);
            context().afterEvents();
            assertThat(carol.take()).containsExactly(msg("bob", LINE), msg("bob", LINE), msg("bob", LINE),
                    msg("bob", LINE), msg("bob", LINE), msg("bob", "after the grace"),
                    "*** alice left lobby (" + reason + ")");
        }

        @Test
        void aReaderThatCatchesUpStartsTheGraceAgain() {
            aliceStopsReading();
            bob.types(LINE, LINE, LINE, LINE);
            context().advance(Duration.ofSeconds(8));

            alice.transport.room = Long.MAX_VALUE; // she reads it all
            alice.writable();
            context().afterEvents();
            assertThat(alice.connection.heldBytes()).isZero();
            alice.transport.room = 0;

            bob.types(LINE, LINE, LINE, LINE); // over again: a new grace
            context().advance(Duration.ofSeconds(8));
            bob.types(LINE);
            assertThat(alice.connection.isClosing()).as("16 s behind in all, never 10 s in a row").isFalse();
        }

        @Test
        void atItAReaderIsNeverCutOffHoweverLongItWaits() {
            aliceStopsReading();
            bob.types(LINE, LINE, LINE); // the small block: at the soft limit, not over it
            context().advance(Duration.ofMinutes(2));
            bob.types("z"); // fits the block: the memory held is the same
            assertThat(alice.connection.heldBytes()).isEqualTo(softOutput.bytes());
            assertThat(alice.connection.isClosing()).isFalse();
        }

        @Test
        void withNoSoftLimitOnlyTheHardCapCutsOff() {
            softOutput = ServerConfig.SoftOutputLimit.OFF;
            maxOutputBytes = OutputPools.SMALL_BLOCK_BYTES;
            alice = login("alice");
            bob = login("bob");
            alice.take();
            alice.transport.room = 0;
            bob.types(LINE, LINE, LINE);
            context().advance(Duration.ofMinutes(1));
            bob.types("z");
            assertThat(alice.connection.isClosing()).isFalse();
            bob.types(LINE);
            assertThat(alice.connection.closeReason()).startsWith("too slow: over " + maxOutputBytes + " bytes");
        }
    }

    /**
     * Issue 12, finding 5: a turn of the loop had no bound, so ten thousand clients each spending
     * a burst at once held it for seconds. A turn now acts on a bounded amount of input.
     */
    @Nested
    class TurnBudgetLimit {

        /**
         * A handshake step (a TLS delegated task: the public-key work) is paid from the
         * connection's share like a line: a crowd of handshakes cannot make one long turn.
         */
        @Test
        void aConnectionMidHandshakePaysForItsStepsAndWaitsForItsShare() {
            context().turnBudget = new TurnBudget(16_000); // a share of 1,000 a turn at most
            Client alice = connect();
            alice.transport.established = false;
            alice.transport.stepWork = 3_000;
            long before = context().turnBudget.left(); // less the greeting

            alice.readable();
            assertThat(alice.transport.steps).isEqualTo(1);
            assertThat(context().turnBudget.left()).as("the turn paid for the step").isEqualTo(before - 3_000);

            alice.readable(); // in debt: 1,000 - 3,000, plus a share
            context().advance(Duration.ZERO);
            alice.readable(); // still in debt
            assertThat(alice.transport.steps).as("no step while its share is in debt").isEqualTo(1);

            context().advance(Duration.ZERO);
            alice.readable(); // paid off: a share left
            assertThat(alice.transport.steps).isEqualTo(2);
        }

        @Test
        void aConnectionMidHandshakeWaitsOnceTheTurnsBudgetIsSpent() {
            context().turnBudget = new TurnBudget(16_000);
            Client alice = connect();
            alice.transport.established = false;
            context().turnBudget.spend(16_000);

            alice.readable();
            assertThat(alice.transport.steps).as("not even a cheap one: a handshake is not cheap").isZero();
            context().advance(Duration.ZERO);
            alice.readable();
            assertThat(alice.transport.steps).isEqualTo(1);
        }

        @Test
        void onceTheTurnsBudgetIsSpentABigRoomsSenderIsNotReadUntilTheNextTurn() {
            Client alice = login("alice");
            Client bob = login("bob");
            crowd("big", TurnBudget.CHEAP_AUDIENCE);
            alice.types("/join big");
            bob.types("/join big");
            context().afterEvents();
            bob.take();
            context().turnBudget = new TurnBudget(1);
            context().turnBudget.spend(1);
            int reads = alice.transport.reads;

            alice.types("waits in the kernel");

            assertThat(alice.transport.reads).as("not read this turn").isEqualTo(reads);
            assertThat(alice.transport.hasUnread()).isTrue();
            context().advance(Duration.ZERO);
            alice.readable();
            context().afterEvents();
            assertThat(bob.take()).containsExactly(msg("alice", "waits in the kernel"));
        }

        @Test
        void onceTheTurnsBudgetIsSpentASmallRoomStillGetsOneLineATurn() {
            Client alice = login("alice");
            Client bob = login("bob");
            bob.take();
            context().turnBudget = new TurnBudget(160);
            context().turnBudget.spend(160);

            alice.types("cheap", "the rest", "next turn");
            context().afterEvents();
            assertThat(bob.take()).containsExactly(msg("alice", "cheap"));

            context().advance(Duration.ofNanos(1));
            assertThat(bob.take()).containsExactly(msg("alice", "the rest"), msg("alice", "next turn"));
        }

        @Test
        void oneConnectionMaySpendOnlyASixteenthOfATurnSoOthersAreReadToo() {
            Client alice = login("alice");
            Client bob = login("bob");
            Client carol = login("carol");
            bob.take();
            context().turnBudget = new TurnBudget(64); // 4 per connection: a line to two others costs 3

            alice.types("a1", "a2", "a3");
            carol.types("c1");
            context().afterEvents();
            assertThat(bob.take()).containsExactly(msg("alice", "a1"), msg("alice", "a2"), msg("carol", "c1"));

            context().advance(Duration.ofNanos(1));
            assertThat(bob.take()).containsExactly(msg("alice", "a3"));
        }

        @Test
        void whatIsLeftWhenTheBudgetRunsOutMidReadComesNextTurnInOrder() {
            Client alice = login("alice");
            Client bob = login("bob");
            crowd("big", TurnBudget.CHEAP_AUDIENCE);
            alice.types("/join big");
            bob.types("/join big");
            context().afterEvents();
            bob.take();
            context().turnBudget = new TurnBudget(16_000); // 1,000 per connection
            context().turnBudget.spend(16_000 - 132); // others used the rest; a line to the 65 others costs 66

            alice.types("one", "two", "three");
            context().afterEvents();
            assertThat(bob.take()).containsExactly(msg("alice", "one"), msg("alice", "two"));

            context().advance(Duration.ofNanos(1));
            assertThat(bob.take()).containsExactly(msg("alice", "three"));
        }

        /**
         * Before, a turn's budget once spent stopped everyone, and who came first in a turn was
         * the order the selector and the resume timers gave: a canary in a room of its own waited
         * nine seconds behind a thousand flooders of a big room. A line to a small room is read
         * even when the big room's senders have used the turn up.
         */
        @Test
        void aLineToASmallRoomIsReadEvenWhenABigRoomsSendersUsedTheTurnUp() {
            Client alice = login("alice");
            Client bob = login("bob");
            Client flooder = login("flooder");
            crowd("big", TurnBudget.CHEAP_AUDIENCE);
            alice.types("/join pair");
            bob.types("/join pair");
            flooder.types("/join big");
            context().afterEvents();
            clients.forEach(Client::take);
            context().turnBudget = new TurnBudget(1_600);

            flooder.types(messages("f", 0, 30).toArray(String[]::new));
            context().turnBudget.spend(1_600);
            alice.types("ping");
            context().afterEvents();

            assertThat(bob.take()).containsExactly(msg("alice", "ping"));
        }

        /**
         * Adversarial review: bytes that never make a line (an endless over-long line, telnet
         * subnegotiation) cost no flood token, and ten connections kept the loop reading 175
         * MB/s. Reading is paid from the share, so such a client sits out turns like a sender
         * of expensive lines.
         */
        @Test
        void aClientStreamingBytesThatMakeNoLinePaysForReadingThem() {
            Client alice = login("alice");
            context().turnBudget = new TurnBudget(1_600); // a share of 100 at most: 25,600 bytes
            alice.arrive("x".repeat(EventLoop.READ_BUFFER_BYTES)); // 256 units: a debt of 156
            int reads = alice.transport.reads;

            context().advance(Duration.ZERO); // earns 100: still 56 in debt
            alice.arrive("x".repeat(100));
            assertThat(alice.transport.reads).as("a turn sat out").isEqualTo(reads);
            context().advance(Duration.ZERO);
            alice.readable();
            assertThat(alice.transport.reads).as("paid off: read again").isEqualTo(reads + 1);
        }

        /**
         * Senders of expensive lines share the turns: one read after eight others each turn gets
         * its line through within a turn of them. Before, the eight resumed first every turn (their
         * held-back input is resumed by a timer, before the selector's keys) and used each turn up
         * for as long as they had lines.
         */
        @Test
        void sendersOfExpensiveLinesTakeTurns() {
            List<Client> flooders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                flooders.add(login("f" + i));
            }
            Client late = login("late");
            crowd("big", TurnBudget.CHEAP_AUDIENCE);
            Client listener = login("listener");
            for (Client c : flooders) {
                c.types("/join big");
            }
            late.types("/join big");
            listener.types("/join big");
            context().afterEvents();
            clients.forEach(Client::take);
            // A line into big costs 1 + 74 deliveries; 500 units a turn, 31 at most for one connection.
            context().turnBudget = new TurnBudget(500);

            for (int i = 0; i < flooders.size(); i++) {
                flooders.get(i).types(messages("f" + i + "-", 0, 5).toArray(String[]::new));
            }
            late.types("at last");
            context().afterEvents();
            List<String> heard = new ArrayList<>(listener.take());
            assertThat(heard).as("the first turn went to the first flooders").hasSize(7);

            context().advance(Duration.ofNanos(1)); // held-back flooders resume first, then the selector's order
            flooders.get(7).readable();
            late.readable();
            context().afterEvents();
            heard.addAll(listener.take());
            assertThat(heard).contains(msg("late", "at last"));

            for (int turn = 0; turn < 40; turn++) {
                context().advance(Duration.ofNanos(1));
                for (Client c : flooders) {
                    if (c.transport.hasUnread()) {
                        c.readable();
                    }
                }
                context().afterEvents();
            }
            heard.addAll(listener.take());
            for (int i = 0; i < flooders.size(); i++) {
                String name = "f" + i;
                assertThat(heard).filteredOn(line -> line.contains("<" + name + ">"))
                        .containsExactlyElementsOf(messages(name + "-", 0, 5).stream().map(t -> msg(name, t)).toList());
            }
        }
    }

    /** Issue 12, finding 4: a client gone without FIN or RST kept its name and slot forever. */
    @Nested
    class OutputStall {

        private final Duration stall = ServerConfig.DEFAULT_OUTPUT_STALL;

        @Test
        void outputThatDoesNotMoveWhileTheClientSendsNothingClosesItAsTimedOut() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();
            alice.transport.room = 0; // gone: nothing is acknowledged any more
            bob.types("are you there?");
            context().afterEvents();

            context().advance(stall.minusSeconds(1));
            assertThat(alice.connection.isClosing()).isFalse();
            assertThat(context().metrics.outputStallCloses).isZero();
            context().advance(Duration.ofSeconds(2));

            assertThat(alice.transport.closes).isEqualTo(1);
            assertThat(context().metrics.outputStallCloses).isEqualTo(1);
            assertThat(bob.take()).containsExactly(
                    "*** alice left lobby (timed out: nothing read or sent for " + stall.toSeconds() + " s)");
        }

        @Test
        void aClientThatStillSendsIsNotTimedOut() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.transport.room = 0;
            bob.types("hello");
            context().afterEvents();

            context().advance(stall.minusSeconds(10));
            alice.types("/me is reading slowly");
            context().advance(Duration.ofSeconds(20));

            assertThat(alice.connection.isClosing()).isFalse();
        }

        @Test
        void outputThatMovesRestartsTheClock() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.transport.room = 0;
            bob.types("one", "two");
            context().afterEvents();

            context().advance(stall.minusSeconds(10));
            alice.transport.room = 10; // a few bytes acknowledged
            alice.writable();
            alice.transport.room = 0;
            context().advance(Duration.ofSeconds(20));

            assertThat(alice.connection.isClosing()).isFalse();
        }

        @Test
        void drainedOutputStopsTheClock() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.transport.room = 0;
            bob.types("one");
            context().afterEvents();
            alice.transport.room = Long.MAX_VALUE;
            alice.writable();

            context().advance(stall.plusSeconds(1));

            assertThat(alice.connection.isClosing()).isFalse();
        }
    }

    @Nested
    class DrainingClose {

        @Test
        void quitStopsReadingSendsTheGoodbyeThenShutsOutputAndWaitsForEof() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();

            alice.types("/quit", "said after quit");
            assertThat(alice.transport.wantRead).isFalse();
            context().afterEvents();

            assertThat(alice.take()).containsExactly("*** Bye!");
            assertThat(alice.transport.log).endsWith("write 10", "shutdownOutput");
            assertThat(alice.transport.wantRead).as("reading again, for the EOF only").isTrue();
            assertThat(alice.transport.closes).isZero();
            assertThat(alice.connection.isClosing()).isFalse();
            assertThat(bob.take()).containsExactly("*** alice left lobby (quit)");

            alice.arrive("unread input\r\n");
            context().afterEvents();
            assertThat(alice.transport.closes).as("input after the goodbye is no reason to close").isZero();
            assertThat(bob.take()).isEmpty();

            alice.transport.script(EOF);
            alice.readable();
            assertThat(alice.connection.closeReason()).isEqualTo("quit");
            context().afterEvents();

            assertThat(alice.transport.log).endsWith("write 10", "shutdownOutput", "close");
            assertThat(bob.take()).isEmpty();
        }

        /** The chat does not end a session on shutdown, so a line read while draining would reach the room. */
        @Test
        void noLineIsDeliveredOnceTheCloseHasBegun() {
            Client alice = login("alice");
            Client bob = login("bob");
            bob.take();

            alice.connection.shutdown();
            alice.arrive("sneaky\r\n");
            context().afterEvents();

            assertThat(bob.take()).isEmpty();
            assertThat(alice.transport.log).endsWith("shutdownOutput");

            alice.transport.script(EOF);
            alice.readable();
            context().afterEvents();
            assertThat(bob.take()).containsExactly("*** alice left lobby (server shutting down)");
            assertThat(alice.transport.closes).isEqualTo(1);
        }

        @Test
        void queuedOutputGoesOutBeforeTheOutputIsShut() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();
            alice.transport.room = 7; // a slow reader: the goodbye takes several writes

            bob.types("first", "second");
            alice.types("/quit");
            context().afterEvents();
            assertThat(alice.transport.outputShut).isFalse();
            assertThat(alice.transport.wantWrite).isTrue();
            while (alice.transport.wantWrite) {
                assertThat(alice.transport.outputShut).isFalse();
                alice.transport.room = 7;
                alice.writable();
            }

            assertThat(alice.take()).containsExactly(msg("bob", "first"), msg("bob", "second"), "*** Bye!");
            assertThat(alice.transport.log.get(alice.transport.log.size() - 1)).isEqualTo("shutdownOutput");
            assertThat(alice.transport.closes).isZero();
        }

        @Test
        void aDrainThatNeverCompletesIsClosedWhenTheGracePasses() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.transport.room = 0;
            bob.take();

            alice.types("/quit");
            context().afterEvents();
            context().advance(GRACE.minusNanos(1));
            assertThat(alice.transport.closes).isZero();
            assertThat(alice.connection.isClosing()).isFalse();

            context().advance(Duration.ofNanos(1));

            assertThat(alice.transport.closes).isEqualTo(1);
            assertThat(alice.transport.outputShut).isFalse();
            assertThat(bob.take()).containsExactly("*** alice left lobby (quit)");
        }

        @Test
        void aClientThatNeverSendsItsEofIsClosedWhenTheGracePasses() {
            Client alice = login("alice");
            alice.types("/quit");
            context().afterEvents();
            assertThat(alice.transport.outputShut).isTrue();

            context().advance(GRACE.minusNanos(1));
            assertThat(alice.transport.closes).isZero();
            context().advance(Duration.ofNanos(1));

            assertThat(alice.transport.closes).isEqualTo(1);
            assertThat(alice.connection.closeReason()).isEqualTo("quit");
        }

        @Test
        void aCloseThatCompletesCancelsTheGraceTimer() {
            Client alice = login("alice");
            alice.types("/quit");
            context().afterEvents();
            alice.transport.script(EOF);
            alice.readable();
            context().afterEvents();
            assertThat(alice.transport.closes).isEqualTo(1);

            assertThat(context().timers.nanosUntilNext(context().nanoTime())).as("no timer left").isEqualTo(-1);
        }
    }

    @Nested
    class Writing {

        /** Builds a queue for {@code alice} of about {@code bytes} while her socket takes nothing. */
        private void backlog(Client alice, Client bob, long bytes) {
            alice.transport.room = 0;
            String text = "w".repeat(3000);
            int lines = (int) (bytes / lineBytes("bob", text)) + 1;
            for (int i = 0; i < lines; i++) {
                bob.types(text);
            }
            context().afterEvents();
        }

        @Test
        void oneFlushWritesAtMostTheBudgetEvenIfTheTransportWouldTakeMore() {
            Client alice = login("alice");
            Client bob = login("bob");
            backlog(alice, bob, 2 * Connection.WRITE_BUDGET_BYTES + 1000);
            long pending = alice.connection.unsentBytes();
            assertThat(pending).isGreaterThan(2 * Connection.WRITE_BUDGET_BYTES);
            int before = alice.transport.written.size();
            alice.transport.room = Long.MAX_VALUE;
            alice.transport.perCall = 16 * 1024; // divides the budget: the budget is met exactly

            alice.writable();

            assertThat(alice.transport.written.size() - before).isEqualTo(Connection.WRITE_BUDGET_BYTES);
            assertThat(alice.connection.unsentBytes()).isEqualTo(pending - Connection.WRITE_BUDGET_BYTES);
            assertThat(alice.transport.wantWrite).as("still pending: write readiness stays on").isTrue();

            context().afterEvents();
            alice.writable();
            assertThat(alice.transport.written.size() - before).isEqualTo(2 * Connection.WRITE_BUDGET_BYTES);
            assertThat(alice.transport.wantWrite).isTrue();

            alice.writable();
            assertThat(alice.connection.unsentBytes()).isZero();
            assertThat(alice.transport.wantWrite).as("drained: write readiness off").isFalse();
            assertThat(alice.take()).hasSize((int) (pending / lineBytes("bob", "w".repeat(3000))))
                    .allMatch(line -> line.equals(msg("bob", "w".repeat(3000))));
        }

        @Test
        void aTransportThatTakesPartOfAWriteKeepsWriteReadinessOn() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.transport.room = 5;

            bob.types("hello there");
            context().afterEvents();

            assertThat(alice.transport.wantWrite).isTrue();
            while (alice.transport.wantWrite) {
                alice.transport.room = 5;
                alice.writable();
            }
            assertThat(alice.take()).containsExactly(msg("bob", "hello there"));
        }

        @Test
        void belowTheWriteThroughMarkOutputWaitsForTheLoopsFlush() {
            Client alice = login("alice");
            Client bob = login("bob");
            int before = alice.transport.written.size();
            String text = "t".repeat(3000);
            int lines = (int) (Connection.WRITE_THROUGH_BYTES / lineBytes("bob", text)) - 1;

            for (int i = 0; i < lines; i++) {
                bob.types(text);
            }

            assertThat(alice.transport.written.size()).isEqualTo(before);
            context().afterEvents();
            assertThat(alice.take()).hasSize(lines);
        }

        @Test
        void aboveTheWriteThroughMarkOutputIsWrittenAtOnce() {
            Client alice = login("alice");
            Client bob = login("bob");
            int before = alice.transport.written.size();
            String text = "t".repeat(3000);
            int perLine = lineBytes("bob", text);
            int lines = (int) (Connection.WRITE_THROUGH_BYTES / perLine) + 1;

            for (int i = 0; i < lines; i++) {
                bob.types(text);
            }

            assertThat(alice.transport.written.size() - before).as("written during the broadcast")
                    .isEqualTo((long) lines * perLine);
            assertThat(alice.connection.heldBytes()).isZero();
        }

        @Test
        void noWriteThroughWhileTheTransportIsFull() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.transport.room = 0;
            String text = "t".repeat(3000);
            int lines = (int) (Connection.WRITE_THROUGH_BYTES / lineBytes("bob", text)) + 1;
            for (int i = 0; i < lines; i++) {
                bob.types(text);
            }
            int callsWhenFull = alice.transport.writeCalls;

            for (int i = 0; i < 10; i++) {
                bob.types(text);
            }

            assertThat(alice.transport.writeCalls).as("no write tried until the transport is writable")
                    .isEqualTo(callsWhenFull);
        }

        @Test
        void aFailedWriteClosesWithTheReasonTheRoomIsTold() {
            Client alice = login("alice");
            Client bob = login("bob");
            bob.take();
            alice.transport.failWrite = new IOException("Broken pipe");

            bob.types("anyone?");
            context().afterEvents();

            assertThat(alice.transport.closes).isEqualTo(1);
            assertThat(bob.take()).containsExactly("*** alice left lobby (connection closed)");
        }
    }

    @Nested
    class Reading {

        @Test
        void atEofALastLineWithoutANewlineIsDelivered() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();

            bob.arrive("one\r\nlast words");
            bob.transport.script(EOF);
            bob.readable();
            assertThat(bob.connection.closeReason()).isEqualTo("connection closed");
            context().afterEvents();

            assertThat(alice.take()).containsExactly(msg("bob", "one"), msg("bob", "last words"),
                    "*** bob left lobby (connection closed)");
            assertThat(bob.transport.closes).isEqualTo(1);
        }

        @Test
        void aResetIsAClosingWithConnectionReset() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();

            bob.transport.script(new IOException("Connection reset by peer"));
            bob.readable();

            assertThat(bob.connection.isClosing()).isTrue();
            assertThat(bob.connection.closeReason()).isEqualTo("connection reset");
            assertThat(bob.transport.quiet).isTrue();
            context().afterEvents();
            assertThat(alice.take()).containsExactly("*** bob left lobby (connection reset)");
            assertThat(bob.transport.closes).isEqualTo(1);
        }

        @Test
        void aLineSplitAcrossReadsIsOneLine() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();

            bob.arrive("hel");
            bob.arrive("lo\r");
            bob.arrive("\n");
            context().afterEvents();

            assertThat(alice.take()).containsExactly(msg("bob", "hello"));
        }

        @Test
        void moreThanTheReadBufferArrivesOverSeveralReadsInOrder() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();
            StringBuilder big = new StringBuilder();
            int count = 0;
            while (big.length() < 3 * EventLoop.READ_BUFFER_BYTES) {
                big.append("line ").append(count++).append(' ').append("z".repeat(1000)).append("\r\n");
            }
            bob.transport.script(big.toString().getBytes(StandardCharsets.US_ASCII));

            while (bob.transport.hasUnread()) {
                bob.readable();
                context().afterEvents();
            }

            List<String> got = alice.take();
            assertThat(got).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(got.get(i)).isEqualTo(msg("bob", "line " + i + " " + "z".repeat(1000)));
            }
        }
    }

    /**
     * A WebSocket client as the HTTP upgrade hands it over: the 101 response as a preamble,
     * frames in and out, pongs and closes through the ordinary queue.
     */
    @Nested
    class WebSocket {

        private static final long TOKEN = Duration.ofMillis(100).toNanos(); // 10 lines a second
        /** Stands for the upgrade's 101 response: the connection sends it as it is, whatever it says. */
        private final byte[] preamble = "<the upgrade's response>".getBytes(StandardCharsets.US_ASCII);

        private Client connect(TokenBucket flood, byte[] leftover) {
            return new Client(new WebSocketFraming(context().config().maxLineBytes()), flood,
                    ByteBuffer.wrap(preamble), leftover == null ? null : ByteBuffer.wrap(leftover));
        }

        private Client login(String name, TokenBucket flood) {
            Client client = connect(flood, null);
            client.sends(WebSocketFrames.text(name));
            context().afterEvents();
            assertThat(events(client)).as("%s logged in", name).anySatisfy(e -> assertThat(e).isInstanceOf(Event.Hello.class));
            clients.forEach(Client::take);
            return client;
        }

        /** Every frame written to {@code client} after the preamble. */
        private List<WebSocketFrames.ServerFrame> frames(Client client) {
            byte[] written = client.transport.written.toByteArray();
            assertThat(Arrays.copyOf(written, preamble.length)).as("the preamble first").isEqualTo(preamble);
            ByteBuffer in = ByteBuffer.wrap(written, preamble.length, written.length - preamble.length);
            List<WebSocketFrames.ServerFrame> frames = new ArrayList<>();
            while (in.hasRemaining()) {
                frames.add(WebSocketFrames.readNext(in));
            }
            return frames;
        }

        private List<Event> events(Client client) {
            return frames(client).stream().filter(f -> f.opcode() == WebSocketFrame.TEXT)
                    .map(f -> JsonCodec.parse(f.text())).toList();
        }

        private WebSocketFrames.ServerFrame last(Client client) {
            List<WebSocketFrames.ServerFrame> frames = frames(client);
            return frames.get(frames.size() - 1);
        }

        @Test
        void thePreambleGoesOutBeforeTheWelcomeThroughTheQueue() {
            Client client = connect(null, null);
            assertThat(client.connection.unsentBytes()).as("queued, not written past the queue")
                    .isGreaterThan(preamble.length);

            context().afterEvents();

            assertThat(events(client)).extracting(Object::getClass).containsExactly(Event.Welcome.class, Event.AskName.class);
        }

        @Test
        void leftoverBytesAreDecodedAsIfJustReadAndAPartialFrameIsKept() {
            byte[] name = WebSocketFrames.text("alice");
            byte[] join = WebSocketFrames.text("/join attic");
            Client client = connect(null, WebSocketFrames.concat(name, Arrays.copyOf(join, 5)));
            context().afterEvents();
            assertThat(events(client)).contains(new Event.Hello(NOW, "alice"));

            client.sends(Arrays.copyOfRange(join, 5, join.length));
            context().afterEvents();

            assertThat(events(client)).anySatisfy(e -> assertThat(e).isInstanceOf(Event.Entered.class)
                    .extracting("room").isEqualTo("attic"));
        }

        @Test
        void eachPingIsALineToFloodControl() {
            Client alice = login("alice", new TokenBucket(10, 5, context().nanoTime())); // 4 tokens left
            int before = frames(alice).size();
            byte[][] pings = new byte[10][];
            for (int i = 0; i < pings.length; i++) {
                pings[i] = WebSocketFrames.ping(("p" + i).getBytes(StandardCharsets.US_ASCII));
            }

            alice.sends(WebSocketFrames.concat(pings));
            context().afterEvents();

            assertThat(frames(alice).size() - before).as("pongs while tokens last").isEqualTo(4);
            assertThat(alice.transport.wantRead).as("reading stops: the flood waits in TCP").isFalse();
            context().advance(Duration.ofNanos(TOKEN));
            assertThat(last(alice).opcode()).isEqualTo(WebSocketFrame.PONG);
            assertThat(last(alice).text()).isEqualTo("p4");
        }

        @Test
        void aPingerThatNeverReadsMeetsTheOutputCap() {
            maxOutputBytes = 2000;
            Client alice = login("alice", null);
            alice.transport.room = 0;
            byte[][] pings = new byte[30][];
            Arrays.fill(pings, WebSocketFrames.ping(new byte[WebSocketFrame.MAX_CONTROL_PAYLOAD]));

            alice.sends(WebSocketFrames.concat(pings));

            assertThat(alice.connection.closeReason()).startsWith("too slow");
        }

        @Test
        void theClientsCloseIsAnsweredThenTheConnectionDrainsAndNothingFollowsTheClose() {
            Client bob = ConnectionTest.this.login("bob");
            Client alice = login("alice", null);

            alice.sends(WebSocketFrames.close(1001, "away".getBytes(StandardCharsets.US_ASCII)));
            assertThat(alice.transport.wantRead).as("nothing more is read").isFalse();
            bob.types("are you there?");
            context().afterEvents();

            assertThat(last(alice).code()).isEqualTo(1001);
            assertThat(alice.transport.log).endsWith("shutdownOutput");
            assertThat(alice.transport.closes).isZero();

            alice.transport.script(EOF);
            alice.readable();
            context().afterEvents();
            assertThat(alice.transport.closes).isEqualTo(1);
            assertThat(last(alice).code()).as("still the last frame").isEqualTo(1001);
            assertThat(bob.take()).containsExactly("*** alice left lobby (" + Inbound.PEER_CLOSED + ")");
        }

        @Test
        void aProtocolErrorIsAnsweredWithItsCodeAndTheRoomToldWhy() {
            Client bob = ConnectionTest.this.login("bob");
            Client alice = login("alice", null);

            alice.sends(WebSocketFrames.frame(WebSocketFrames.FIN | WebSocketFrame.TEXT,
                    "hi".getBytes(StandardCharsets.US_ASCII), false));
            context().afterEvents();
            alice.transport.script(EOF);
            alice.readable();
            context().afterEvents();

            assertThat(last(alice).code()).isEqualTo(1002);
            assertThat(bob.take()).containsExactly("*** alice left lobby (websocket error 1002: unmasked frame)");
        }

        @Test
        void quitSendsTheByeThenANormalClose() {
            Client alice = login("alice", null);

            alice.sends(WebSocketFrames.text("/quit"));
            context().afterEvents();

            List<Event> events = events(alice);
            assertThat(events.get(events.size() - 1)).isInstanceOf(Event.Bye.class);
            assertThat(last(alice).code()).isEqualTo(1000);
            assertThat(last(alice).reason()).isEqualTo("quit");
            assertThat(alice.transport.log).endsWith("shutdownOutput");
        }

        @Test
        void aLoginTimeoutIsANormalClose() {
            Client client = connect(null, null);

            context().advance(context().config().chat().loginTimeout());

            assertThat(last(client).code()).isEqualTo(1000);
            assertThat(client.transport.log).endsWith("shutdownOutput");
        }

        @Test
        void aShutdownIsGoingAway() {
            Client alice = login("alice", null);

            alice.connection.shutdown();
            context().afterEvents();

            assertThat(last(alice).code()).isEqualTo(1001);
            assertThat(last(alice).reason()).isEqualTo("server shutting down");
        }

        @Test
        void aSlowConsumerIsCutOffWithoutAClose() {
            Client alice = login("alice", null);
            int before = frames(alice).size();

            alice.connection.kick("too slow", "test");
            context().afterEvents();

            assertThat(frames(alice)).hasSize(before);
            assertThat(alice.transport.closes).isEqualTo(1);
        }
    }

    @Nested
    class Formats {

        @Test
        void formatJsonSwitchesTheBytesToJsonLines() {
            Client alice = login("alice");
            Client bob = login("bob");
            alice.take();

            alice.types("/format json");
            bob.types("hi alice");
            alice.types("hi bob");
            context().afterEvents();

            List<Event> events = alice.take().stream().map(JsonCodec::parse).toList();
            assertThat(events).hasSize(3);
            assertThat(events.get(0)).isEqualTo(new Event.FormatSet(NOW, Format.JSON));
            Event.Said fromBob = (Event.Said) events.get(1);
            assertThat(fromBob).isEqualTo(new Event.Said(NOW, fromBob.id(), "lobby", "bob", "hi alice", false));
            assertThat(events.get(2)).as("her own message comes back as an echo")
                    .isEqualTo(new Event.Said(NOW, fromBob.id() + 1, "lobby", "alice", "hi bob", true));
            assertThat(bob.take()).containsExactly(msg("alice", "hi bob")).noneMatch(l -> l.startsWith("{"));

            alice.types("/format text");
            bob.types("back to text");
            context().afterEvents();
            assertThat(alice.take()).containsExactly("*** Format: text", msg("bob", "back to text"));
        }

        @Test
        void aJsonConnectionIsGreetedInJsonAndCanAskForText() {
            Client client = new Client(Format.JSON, null);
            context().afterEvents();

            assertThat(client.take().stream().map(JsonCodec::parse).toList())
                    .containsExactly(new Event.Welcome(NOW), new Event.AskName(NOW));

            client.types("/format text");
            context().afterEvents();
            assertThat(client.take()).containsExactly(
                    "*** Format: text", "*** What is your name? (1-24 letters, digits, _ or -)");
        }
    }
}
