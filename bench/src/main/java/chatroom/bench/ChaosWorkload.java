package chatroom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The chaos soak: the users of a {@link ChaosPlan} and the canary pair, on the generator's one
 * reactor, then the invariants.
 *
 * <pre>
 *   connect (everyone, at --connect-rate) ─▶ every checked user in its room ─▶ soak: talk, attack, churn
 *     (warm-up, then RSS start) ─▶ end: reset every chaos user ─▶ drain (quiet 2 s) ─▶ check the lines
 *     ─▶ close the rest ─▶ full GC ─▶ RSS end ─▶ verdict
 * </pre>
 *
 * New connections during the soak (users coming back) are held to {@code churnPerSecond}, under
 * the per-address connect rate chaos.sh gives the server, so a refusal is always a finding.
 */
final class ChaosWorkload implements ChaosUser.World {

    /** Everything one soak needs to know. */
    record Settings(InetSocketAddress address, int clients, double durationSeconds, long seed, double jsonShare,
                    double connectsPerSecond, double churnPerSecond, ChaosResult.Bounds bounds) {}

    static final String CANARY_ROOM = "canary";
    private static final long CANARY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** After the last close, before the full GC: the server notices the closes and frees what they held. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After the GC: the launcher trims the native heap once a second (TrimNativeHeapInterval=1000). */
    private static final long TRIM_MILLIS = 1500;
    /** Rooms of their own the hoppers make and leave. */
    private static final int SPARE_ROOMS = 20;

    private final Settings settings;
    private final Reactor reactor;
    private final ServerProcess server;
    private final ChaosPlan plan;
    private final ChaosStats stats = new ChaosStats();
    private final List<ChaosUser> users = new ArrayList<>();
    private final List<ChaosRoom> rooms = new ArrayList<>();
    private final ChaosRoom canaryRoom = new ChaosRoom(CANARY_ROOM);
    private final List<String> roomChoices = new ArrayList<>();
    private int checkedUsers;
    private int readyUsers;
    private boolean sending;
    /** Gaps between turns of the generator's loop: its own lag, which every latency includes. */
    private final Histogram turns = new Histogram(DeliveryTracker.MAX_LATENCY_NANOS, 3);
    private long lastTurnNanos;
    private double connectRate;
    private double connectTokens;
    private long connectTokensAt;

    /** @param server the server to watch, or null */
    ChaosWorkload(Settings settings, Reactor reactor, ServerProcess server) {
        this.settings = settings;
        this.reactor = reactor;
        this.server = server;
        this.plan = ChaosPlan.draw(settings.seed(), settings.clients(), settings.jsonShare());
        Map<String, ChaosRoom> byName = new HashMap<>();
        for (String name : plan.checkedRooms()) {
            ChaosRoom room = new ChaosRoom(name);
            rooms.add(room);
            byName.put(name, room);
        }
        // The canaries first, then the checked users (talkers numbered before readers), then the rest.
        users.addAll(ChaosUser.canaryPair(this, canaryRoom, settings.clients(), settings.seed(), true));
        for (ChaosKind kind : List.of(ChaosKind.TALKER, ChaosKind.READER)) {
            for (ChaosPlan.User user : plan.users()) {
                if (user.kind() == kind) {
                    ChaosRoom room = byName.get(user.home());
                    String name = ChaosUser.nameFor(user, 1);
                    int member = kind == ChaosKind.TALKER ? room.addTalker(name) : room.addReader(name);
                    users.add(new ChaosUser(user, this, room, member, 0));
                }
            }
        }
        checkedUsers = users.size();
        for (ChaosPlan.User user : plan.users()) {
            if (!user.kind().checked()) {
                users.add(new ChaosUser(user, this, null, -1, 0));
            }
        }
        canaryRoom.open();
        rooms.forEach(ChaosRoom::open);
        roomChoices.add(ChaosPlan.LOBBY);
        roomChoices.addAll(plan.checkedRooms());
        for (int i = 1; i <= SPARE_ROOMS; i++) {
            roomChoices.add("hop" + i);
        }
    }

    ChaosResult run() throws IOException, BenchException, InterruptedException {
        try {
            return soak();
        } finally {
            users.forEach(user -> user.finish(false));
        }
    }

    private ChaosResult soak() throws IOException, BenchException, InterruptedException {
        Progress.say("chaos soak: seed %d (--seed %d repeats the cast), %,d users + 2 canaries, %.0f s", plan.seed(),
                plan.seed(), settings.clients(), settings.durationSeconds());
        for (ChaosKind kind : ChaosKind.drawn()) {
            Progress.say("  %-11s %4d  %s", kind.name().toLowerCase(java.util.Locale.ROOT), plan.count(kind),
                    kind.description());
        }
        boolean peakReset = server != null && server.resetPeak();
        connectRate = settings.connectsPerSecond();
        long start = System.nanoTime();
        Progress.say("connecting at %,.0f/s; %,d checked users to get into %d rooms", connectRate, checkedUsers,
                rooms.size() + 1);
        if (!reactor.runUntil(() -> readyUsers == checkedUsers, start + READY_TIMEOUT_NANOS, this::tickAll)) {
            throw new BenchException(String.format("only %,d of %,d checked users got into their rooms",
                    readyUsers, checkedUsers), stats.problems());
        }
        long soakStart = System.nanoTime();
        Progress.say("all checked users in after %.1f s; soaking for %.0f s (with the connect storm's tail)",
                (soakStart - start) / 1e9, settings.durationSeconds());
        connectRate = settings.churnPerSecond();
        // The warm-up: the connect storm's tail, the flooders' first bursts and both JITs settle. The
        // canary's bound is judged after it (its figures are reported too), and RSS starts after it.
        double warmup = Math.min(10, Math.max(2, settings.durationSeconds() / 6));
        long warmEnd = soakStart + BenchSettings.seconds(warmup);
        LatencyWindows canaryWindows = new LatencyWindows(warmEnd, CANARY_WINDOW_NANOS);
        canaryRoom.measure(soakStart, canaryWindows);
        rooms.forEach(room -> room.measure(warmEnd, null));
        sending = true;

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        ServerProcess.Snapshot serverAtStart = snapshot();
        long soakEnd = soakStart + BenchSettings.seconds(settings.durationSeconds());
        reactor.runUntil(warmEnd, this::tickAll);
        long warmTurnMax = turns.getMaxValue();
        turns.reset();
        ServerProcess.Snapshot atStart = snapshot();
        Progress.say("warm-up over (%.0f s)%s", warmup, atStart == null ? ""
                : String.format(java.util.Locale.ROOT, ": server RSS %.1f MiB", atStart.rssKiB() / 1024.0));
        long reportEvery = TimeUnit.SECONDS.toNanos(10);
        for (long at = warmEnd + reportEvery; at < soakEnd + reportEvery; at += reportEvery) {
            reactor.runUntil(Math.min(at, soakEnd), this::tickAll);
            Progress.say("%3.0f s: canary p99 %.1f ms since the warm-up, %,d checked deliveries, %,d problems",
                    (Math.min(at, soakEnd) - soakStart) / 1e9, canaryWindows.total().getValueAtPercentile(99) / 1e6,
                    deliveries(), stats.problems().size());
        }
        double generatorCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double soakSeconds = (System.nanoTime() - soakStart) / 1e9;
        ServerProcess.Snapshot serverAtEnd = snapshot();
        ChaosResult.Load load = new ChaosResult.Load(generatorCpu, warmTurnMax, turns.getValueAtPercentile(99),
                turns.getMaxValue(), server == null ? -1 : serverAtEnd.cpuSeconds() - serverAtStart.cpuSeconds());

        sending = false;
        for (ChaosUser user : users.subList(checkedUsers, users.size())) {
            user.finish(true);
        }
        Progress.say("soak over: every chaos user reset; draining");
        reactor.awaitQuiet(QUIET_NANOS, DRAIN_TIMEOUT_NANOS);
        ChaosResult.Integrity integrity = integrity();
        for (ChaosUser user : users.subList(0, checkedUsers)) {
            user.finish(false);
        }
        reactor.runUntil(System.nanoTime() + SETTLE_NANOS, Reactor.NOTHING);
        ChaosResult.Memory memory = null;
        if (server != null) {
            server.collectGarbage();
            Thread.sleep(TRIM_MILLIS);
            ServerProcess.Snapshot end = server.snapshot();
            memory = new ChaosResult.Memory(atStart.rssKiB(), end.peakRssKiB(), end.rssKiB(), peakReset);
        }
        return new ChaosResult(plan.seed(), settings.clients(), soakSeconds, warmup, kindLines(), stats.errors(),
                integrity, health(), Latency.of(canaryWindows.beforeStart()), Latency.of(canaryWindows.total()),
                new ChaosResult.CanaryWindows((int) canaryWindows.windowSeconds(), canaryWindows.worstWindowP99Nanos(),
                        canaryWindows.worstWindow(), canaryWindows.silentWindows(), canaryWindows.windowP99Nanos()),
                Latency.of(roomLatency()), memory, load, settings.bounds(), stats.problems());
    }

    /** Turns every user; returns how long until one of them has something to do. */
    private long tickAll(long now) {
        if (sending && lastTurnNanos != 0) {
            turns.recordValue(Math.max(1, Math.min(now - lastTurnNanos, DeliveryTracker.MAX_LATENCY_NANOS)));
        }
        lastTurnNanos = now;
        long next = Long.MAX_VALUE;
        for (ChaosUser user : users) {
            next = Math.min(next, user.tick(now));
        }
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, next - now);
    }

    private long deliveries() {
        long total = canaryRoom.tracker().deliveries();
        for (ChaosRoom room : rooms) {
            total += room.tracker().deliveries();
        }
        return total;
    }

    private ChaosResult.Integrity integrity() {
        List<ChaosRoom> all = new ArrayList<>(rooms);
        all.add(canaryRoom);
        Map<String, boolean[]> connected = new LinkedHashMap<>();
        for (ChaosRoom room : all) {
            connected.put(room.name(), new boolean[room.members()]);
        }
        for (ChaosUser user : users.subList(0, checkedUsers)) {
            connected.get(user.plan().home())[user.member()] = user.connected();
        }
        long sent = 0, deliveries = 0, lost = 0, undeliverable = 0, duplicates = 0, reordered = 0, corrupted = 0;
        long malformed = 0, misattributed = 0;
        int members = 0;
        for (ChaosRoom room : all) {
            DeliveryTracker t = room.tracker();
            boolean[] in = connected.get(room.name());
            boolean[] sendersIn = Arrays.copyOf(in, Math.max(1, room.sentBySender().length));
            DeliveryTracker.Loss loss = t.loss(room.sentBySender(), in, sendersIn);
            sent += room.sent();
            deliveries += t.deliveries();
            lost += loss.lost();
            undeliverable += loss.undeliverable();
            duplicates += t.duplicates();
            reordered += t.reordered();
            corrupted += t.corrupted();
            malformed += t.malformed();
            misattributed += room.misattributed();
            members += room.members();
        }
        return new ChaosResult.Integrity(all.size(), members, sent, deliveries, lost, undeliverable, duplicates,
                reordered, corrupted, malformed, misattributed);
    }

    private ChaosResult.Health health() {
        long refusals = 0;
        for (Map.Entry<String, Long> e : stats.errors().entrySet()) {
            if (ChaosResult.REFUSAL_CODES.contains(e.getKey())) {
                refusals += e.getValue();
            }
        }
        return new ChaosResult.Health(stats.checkedCutOff(), stats.refused(), refusals, stats.malformedLines(),
                stats.unrecognisedLines(), stats.unexpectedErrors(), stats.linesParsed());
    }

    private List<ChaosResult.KindLine> kindLines() {
        List<ChaosResult.KindLine> lines = new ArrayList<>();
        for (ChaosKind kind : ChaosKind.values()) {
            int count = kind == ChaosKind.CANARY ? 2 : plan.count(kind);
            lines.add(new ChaosResult.KindLine(kind, count, stats.connections(kind), stats.cutOff(kind),
                    stats.closedAsAsked(kind)));
        }
        return lines;
    }

    private Histogram roomLatency() {
        Histogram all = new Histogram(DeliveryTracker.MAX_LATENCY_NANOS, 3);
        for (ChaosRoom room : rooms) {
            all.add(room.tracker().latency());
        }
        return all;
    }

    private ServerProcess.Snapshot snapshot() throws IOException {
        return server == null ? null : server.snapshot();
    }

    // ChaosUser.World

    @Override
    public Reactor reactor() {
        return reactor;
    }

    @Override
    public InetSocketAddress address() {
        return settings.address();
    }

    @Override
    public boolean sending() {
        return sending;
    }

    /** A token bucket of a second's worth of connects at the current rate. */
    @Override
    public boolean mayConnect(long nowNanos) {
        if (connectTokensAt == 0) {
            connectTokensAt = nowNanos;
            connectTokens = 1;
        }
        connectTokens = Math.min(Math.max(1, connectRate),
                connectTokens + (nowNanos - connectTokensAt) * connectRate / 1e9);
        connectTokensAt = nowNanos;
        if (connectTokens < 1) {
            return false;
        }
        connectTokens--;
        return true;
    }

    @Override
    public String anyRoom(Random random) {
        return roomChoices.get(random.nextInt(roomChoices.size()));
    }

    @Override
    public String anyName(Random random) {
        return random.nextInt(5) == 0 ? "nobody" + random.nextInt(100) : users.get(random.nextInt(users.size())).name();
    }

    @Override
    public ChaosStats stats() {
        return stats;
    }

    @Override
    public void ready(ChaosUser user) {
        readyUsers++;
    }
}
