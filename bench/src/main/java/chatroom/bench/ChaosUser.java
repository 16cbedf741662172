package chatroom.bench;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One simulated user of the chaos soak, over all the connections it makes: a state machine
 * turned by {@link #tick} (what is due) and by its connection's {@link Session} (what arrived),
 * on the generator's one thread.
 *
 * <pre>
 *   OFFLINE ─(connect budget)─▶ CONNECTING ─(in the lobby)─▶ IN ─┬─ /quit, half-close ─▶ LEAVING ─(server closes)─┐
 *      ▲                                                         ├─ reset, close ──────────────────────────────────┤
 *      └──────────────────────── 0.5-3 s later ◀─────────────────┴─ cut off by the server ◀────────────────────────┘
 *   IN ─(vanish)─▶ SILENT          any ─(end of the run, or a checked user cut off)─▶ DONE
 * </pre>
 *
 * Every line the server sends is parsed with the protocol module ({@link TextCodec#parse},
 * {@link JsonCodec#parse}): a JSON line that does not parse or a text line of no known kind is
 * a server bug. Users that do not check messages skip message lines unparsed (by their first
 * bytes) to spare the generator's one thread; the checked ones parse every line.
 */
final class ChaosUser implements ClientListener {

    /** What a user needs from the soak around it. */
    interface World {
        Reactor reactor();

        InetSocketAddress address();

        /** Talkers and the canary send: every checked user is in its room, and the soak is not over. */
        boolean sending();

        /** Whether a connection may be opened now (the generator keeps under the server's per-address rate). */
        boolean mayConnect(long nowNanos);

        /** A room to go to: the lobby, a checked room, or a small room of the users' own. */
        String anyRoom(Random random);

        /** A name that may or may not be online. */
        String anyName(Random random);

        ChaosStats stats();

        /** A checked user is in its room. */
        void ready(ChaosUser user);

        /** The local address to connect from, or null for the system's choice. */
        default InetAddress localAddress() {
            return null;
        }
    }

    private enum State { OFFLINE, CONNECTING, IN, LEAVING, SILENT, DONE }

    private static final int OUTBOX_BYTES = 32 * 1024;
    private static final int CHECKED_OUTBOX_BYTES = 4 * 1024;
    /** Each of the canary pair says a line this often, half a period apart: a line every 100 ms. */
    static final long CANARY_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a login may take, and how long the server may take to close after /quit or a half-close. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** What the deaf say to each other: a line near the limit, so their room's history is near its byte bound. */
    private static final String DEAF_LINE = "d".repeat(4000);
    private static final byte[] JSON_SAID = Ascii.bytes("{\"type\":\"said\"");
    private static final byte[] JSON_ACTION = Ascii.bytes("{\"type\":\"action\"");

    private final ChaosPlan.User plan;
    private final ChaosKind kind;
    private final World world;
    private final ChaosStats stats;
    private final Random random;
    /** The checked room, or null for a chaos user. */
    private final ChaosRoom room;
    /** Its number in {@link #room}. */
    private final int member;
    /** The canary sends half a period after its partner. */
    private final long canaryOffsetNanos;

    private State state = State.OFFLINE;
    private BenchClient client;
    private int generation;
    private int renames;
    private String name;
    private long nextAt;
    private long leaveAt;
    private boolean ready;
    private boolean sendingStarted;
    /** JSON hoppers: the last message id seen, to /resume from. */
    private long lastId;
    /** Flooders: lines made once and written again and again, so flooding costs the generator a copy. */
    private byte[] floodBlock;

    ChaosUser(ChaosPlan.User plan, World world, ChaosRoom room, int member, long canaryOffsetNanos) {
        this.plan = plan;
        this.kind = plan.kind();
        this.world = world;
        this.stats = world.stats();
        this.random = new Random(plan.seed());
        this.room = room;
        this.member = member;
        this.canaryOffsetNanos = canaryOffsetNanos;
        this.name = nameFor(plan, 1);
    }

    /**
     * The canary pair in {@code room}, numbered {@code firstIndex} and the next: each says a line
     * every {@link #CANARY_PERIOD_NANOS}, half a period after the other, and hears the other's.
     *
     * @param json whether the second of the pair asks for JSON events
     */
    static List<ChaosUser> canaryPair(World world, ChaosRoom room, int firstIndex, long seed, boolean json) {
        List<ChaosUser> pair = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            ChaosPlan.User canary = new ChaosPlan.User(firstIndex + i, ChaosKind.CANARY, json && i == 1, room.name(),
                    seed + i);
            int member = room.addTalker(nameFor(canary, 1));
            pair.add(new ChaosUser(canary, world, room, member, i * CANARY_PERIOD_NANOS / 2));
        }
        return pair;
    }

    /** {@code t12}, then {@code t12g2} for its second connection. */
    static String nameFor(ChaosPlan.User plan, int generation) {
        String base = plan.kind() == ChaosKind.CANARY ? "canary" + plan.index() : plan.kind().tag() + plan.index();
        return generation == 1 ? base : base + "g" + generation;
    }

    ChaosKind kind() {
        return kind;
    }

    String name() {
        return name;
    }

    ChaosPlan.User plan() {
        return plan;
    }

    /** Its number in its checked room; -1 for a chaos user. */
    int member() {
        return member;
    }

    /** Still connected and in: for a checked user at the end, "never cut off". */
    boolean connected() {
        return client != null && client.isIn() && state != State.DONE;
    }

    /**
     * Does what is due at {@code now}.
     *
     * @return when it next has something to do, or {@link Long#MAX_VALUE}
     */
    long tick(long now) {
        switch (state) {
            case OFFLINE -> {
                if (now >= nextAt) {
                    if (!world.mayConnect(now)) {
                        return now + POLL_NANOS;
                    }
                    connect(now);
                }
            }
            case CONNECTING -> {
                if (now >= nextAt) {
                    stats.refused(name, "not in after " + PATIENCE_NANOS / 1_000_000_000L + " s");
                    drop(now);
                }
            }
            case IN -> {
                if (now >= nextAt) {
                    act(now);
                }
            }
            case LEAVING -> {
                if (now >= nextAt) {
                    stats.problem(name + " (" + label() + "): the server had not closed the connection "
                            + PATIENCE_NANOS / 1_000_000_000L + " s after it asked to leave");
                    drop(now);
                }
            }
            case SILENT, DONE -> {
                return Long.MAX_VALUE;
            }
        }
        return state == State.SILENT || state == State.DONE ? Long.MAX_VALUE : nextAt;
    }

    /** The end of the run: close (with a reset, so nothing the server holds from us is read any more). */
    void finish(boolean reset) {
        BenchClient c = client;
        state = State.DONE;
        client = null;
        if (c != null) {
            if (reset) {
                c.reset();
            } else {
                c.close();
            }
        }
    }

    private void connect(long now) {
        generation++;
        name = nameFor(plan, generation);
        client = new BenchClient(plan.index(), name, kind.checked() ? CHECKED_OUTBOX_BYTES : OUTBOX_BYTES, false,
                Session::new, this);
        client.bindTo(world.localAddress());
        if (kind == ChaosKind.STALLER || kind == ChaosKind.DEAF) {
            client.smallReceiveBuffer();
        }
        if (kind == ChaosKind.FLOODER) {
            client.smallSendBuffer();
        }
        state = State.CONNECTING;
        // Someone who never names itself waits for the login timeout; the others must get in soon.
        nextAt = kind == ChaosKind.UNNAMED ? Long.MAX_VALUE : now + PATIENCE_NANOS;
        stats.connected(kind);
        client.connect(world.reactor(), world.address());
    }

    /** Closes the connection without waiting for the server, and comes back later (or not, if checked). */
    private void drop(long now) {
        BenchClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
        offline(now);
    }

    private void offline(long now) {
        if (kind.checked()) {
            state = State.DONE;
            return;
        }
        state = State.OFFLINE;
        nextAt = now + millis(500, 3000);
    }

    private void entered(long now, BenchClient c, String roomName) {
        if (!c.hasEntered()) {
            state = State.IN;
            c.entered();
            nextAt = now;
            leaveAt = now + millis(1000, 8000);
            if (!roomName.equalsIgnoreCase(plan.home())) {
                send(c, ChaosLines.join(plan.home()));
            }
            if (kind == ChaosKind.DEAF) {
                c.stopReading();
            }
        }
        if (kind.checked() && !ready && roomName.equalsIgnoreCase(plan.home())) {
            ready = true;
            world.ready(this);
        }
    }

    /** What a user of this kind does when its time comes. */
    private void act(long now) {
        BenchClient c = client;
        switch (kind) {
            case TALKER, CANARY -> talk(now, c);
            case READER -> nextAt = Long.MAX_VALUE;
            case HOPPER -> {
                int r = random.nextInt(10);
                String to = world.anyRoom(random);
                if (r < 6) {
                    send(c, ChaosLines.join(to));
                } else if (r < 8) {
                    send(c, ChaosLines.resume(to, plan.json() ? lastId : random.nextInt(3) == 0 ? 0 : Long.MAX_VALUE / 2));
                } else {
                    send(c, ChaosLines.chatter(random));
                }
                nextAt = now + millis(1000, 4000);
            }
            case RENAMER -> {
                send(c, random.nextInt(10) < 6 ? ChaosLines.nick(kind.tag() + plan.index() + "n" + ++renames)
                        : ChaosLines.chatter(random));
                nextAt = now + millis(1000, 4000);
            }
            case ASKER -> {
                send(c, switch (random.nextInt(8)) {
                    case 0 -> ChaosLines.who(1);
                    case 1 -> ChaosLines.who(2);
                    case 2 -> ChaosLines.rooms(1);
                    case 3 -> ChaosLines.rooms(2);
                    case 4 -> ChaosLines.help();
                    case 5 -> ChaosLines.me(ChaosLines.chatter(random));
                    default -> ChaosLines.msg(world.anyName(random), ChaosLines.chatter(random));
                });
                nextAt = now + millis(200, 800);
            }
            case FLOODER -> {
                // Keep the outbox topped up: the server's flood control, not this loop, sets the pace.
                if (floodBlock == null) {
                    floodBlock = ChaosLines.floodBlock(random);
                }
                ByteBuffer out = c.outbox();
                while (out.remaining() >= floodBlock.length) {
                    out.put(floodBlock);
                }
                c.flush();
                nextAt = now + TimeUnit.MILLISECONDS.toNanos(20);
            }
            case STALLER -> {
                if (c.isReading()) {
                    c.stopReading();
                    nextAt = now + millis(3000, 20_000);
                } else {
                    c.startReading();
                    nextAt = now + millis(3000, 10_000);
                }
            }
            case DEAF -> {
                // Big lines for the others in its room, and its room's history again: a queue that only grows.
                send(c, random.nextBoolean() ? ChaosLines.resume(ChaosPlan.DEAF_ROOM, 0) : DEAF_LINE);
                nextAt = now + millis(300, 1000);
            }
            case VANISHER, RESETTER, QUITTER, HALF_CLOSER -> {
                if (now >= leaveAt) {
                    leave(now, c);
                } else {
                    send(c, ChaosLines.chatter(random));
                    nextAt = Math.min(leaveAt, now + millis(1000, 3000));
                }
            }
            case GARBAGE -> {
                send(c, ChaosLines.garbage(random), true);
                nextAt = now + millis(300, 1500);
            }
            case LONG_LINER -> {
                send(c, ChaosLines.longLine(random), true);
                nextAt = now + millis(1000, 3000);
            }
            case UNNAMED -> throw new AssertionError("an unnamed user is never in");
        }
    }

    /** A checked line, once sending has started; the canary keeps its period and never catches up. */
    private void talk(long now, BenchClient c) {
        if (!world.sending()) {
            sendingStarted = false;
            nextAt = now + POLL_NANOS;
            return;
        }
        if (!sendingStarted) {
            sendingStarted = true;
            nextAt = now + (kind == ChaosKind.CANARY ? canaryOffsetNanos : millis(0, 1000));
            return;
        }
        if (room.say(member, c.outbox())) {
            c.flush();
        }
        if (kind == ChaosKind.CANARY) {
            nextAt += CANARY_PERIOD_NANOS;
            if (nextAt <= now) {
                nextAt = now + CANARY_PERIOD_NANOS;
            }
        } else {
            nextAt = now + millis(500, 1500);
        }
    }

    private void leave(long now, BenchClient c) {
        switch (kind) {
            case VANISHER -> {
                c.stopReading();
                state = State.SILENT;
            }
            case RESETTER -> {
                client = null;
                c.reset();
                offline(now);
            }
            case QUITTER -> {
                if (random.nextBoolean()) {
                    state = State.LEAVING;
                    nextAt = now + PATIENCE_NANOS;
                    send(c, ChaosLines.quit(random));
                } else {
                    drop(now);
                }
            }
            case HALF_CLOSER -> {
                state = State.LEAVING;
                nextAt = now + PATIENCE_NANOS;
                if (random.nextBoolean()) {
                    send(c, Ascii.bytes("half a line and then nothing"), false);
                }
                c.shutdownOutput();
            }
            default -> throw new AssertionError(kind + " does not leave");
        }
    }

    private void send(BenchClient c, String line) {
        send(c, line.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Appends {@code bytes} (and an LF) if the outbox has room, and flushes; a full outbox skips the line. */
    private void send(BenchClient c, byte[] bytes, boolean lineEnd) {
        ByteBuffer out = c.outbox();
        if (out.remaining() < bytes.length + 1) {
            return;
        }
        out.put(bytes);
        if (lineEnd) {
            out.put((byte) '\n');
        }
        c.flush();
    }

    private long millis(long min, long max) {
        return TimeUnit.MILLISECONDS.toNanos(min + (long) (random.nextDouble() * (max - min)));
    }

    private String label() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // What the connection reports (ClientListener).

    @Override
    public void onEntered(BenchClient c) {
        // Handled where the session sees the room: entered().
    }

    @Override
    public void onMessage(BenchClient receiver, byte[] text, int offset, int length, long receivedNanos) {
        // The session reads its own lines.
    }

    @Override
    public void onServerError(BenchClient c, String line) {
        // The session reads its own errors.
    }

    @Override
    public void onFailed(BenchClient c, String reason) {
        if (c != client) {
            return;
        }
        client = null;
        long now = System.nanoTime();
        if (state == State.LEAVING || kind == ChaosKind.UNNAMED) {
            stats.closeAsAsked(kind);
        } else if (!c.hasEntered()) {
            stats.refused(name, reason);
        } else {
            stats.cutOff(kind, name, reason);
        }
        offline(now);
    }

    /** One connection's side of the protocol: log in, then read every line the server sends. */
    private final class Session implements Protocol.Session {

        private final BenchClient c;
        private final LineAssembler lines = new LineAssembler(this::onLine);
        /** Text: replayed lines still to come after "Last N messages". */
        private int historyLeft;
        /** JSON: between history_start and history_end. */
        private boolean inHistory;

        Session(BenchClient c) {
            this.c = c;
        }

        @Override
        public void start() {
            if (plan.json()) {
                send(c, ChaosLines.format(Format.JSON));
            }
            if (kind != ChaosKind.UNNAMED) {
                send(c, name);
                return;
            }
            switch (random.nextInt(3)) {
                case 0 -> { } // nothing at all
                case 1 -> send(c, ChaosLines.who(1));
                default -> send(c, Ascii.bytes("half"), false);
            }
        }

        @Override
        public void input(byte[] bytes, int offset, int length) {
            lines.feed(bytes, offset, length);
        }

        private boolean readsMessages() {
            return room != null || (kind == ChaosKind.HOPPER && plan.json());
        }

        private void onLine(byte[] b, int off, int len) {
            if (!readsMessages() && len > 0
                    && (b[off] == '[' || Ascii.startsWith(b, off, len, JSON_SAID)
                        || Ascii.startsWith(b, off, len, JSON_ACTION))) {
                return;
            }
            String line = new String(b, off, len, StandardCharsets.UTF_8);
            Event event;
            if (len > 0 && b[off] == '{') {
                try {
                    event = JsonCodec.parse(line);
                } catch (IllegalArgumentException e) {
                    stats.malformed(name, line, e.getMessage());
                    return;
                }
            } else {
                event = TextCodec.parse(line);
                if (event instanceof Event.Other) {
                    stats.unrecognised(name, line);
                    return;
                }
            }
            stats.parsed();
            handle(event);
        }

        private void handle(Event event) {
            if (event instanceof Event.Entered entered) {
                historyLeft = 0;
                inHistory = false;
                entered(System.nanoTime(), c, entered.room());
            } else if (event instanceof Event.HistoryStart history) {
                if (plan.json()) {
                    inHistory = true;
                } else {
                    historyLeft = history.count();
                }
            } else if (event instanceof Event.HistoryEnd) {
                inHistory = false;
            } else if (event instanceof Event.Said said) {
                said(said);
            } else if (event instanceof Event.Action action) {
                if (inHistory || historyLeft > 0) {
                    historyLeft = Math.max(0, historyLeft - 1);
                }
            } else if (event instanceof Event.Error error) {
                stats.error(kind, error.code(), name, error.text());
            }
        }

        private void said(Event.Said said) {
            lastId = Math.max(lastId, said.id());
            if (inHistory || historyLeft > 0) {
                historyLeft = Math.max(0, historyLeft - 1);
                return;
            }
            if (said.echo() || room == null || !ready) {
                return;
            }
            if (plan.json() && !room.name().equalsIgnoreCase(said.room())) {
                room.misrouted();
                stats.problem(name + " in " + room.name() + " got a line from room " + said.room());
                return;
            }
            room.received(member, said.from(), said.text(), c.readNanos());
        }
    }
}
