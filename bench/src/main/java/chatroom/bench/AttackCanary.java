package chatroom.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The chaos soak's canary pair ({@link ChaosUser#canaryPair}), alone in a room of its own while
 * an attack goes on around it: a line every 100 ms between them, each checked (order, gaps,
 * repeats) and timed. It connects from an address of its own, so the server's per-address
 * limits, lifted for the crowd on 127.0.0.1, are not what lets it in.
 */
final class AttackCanary implements ChaosUser.World {

    /**
     * What the canary saw. {@code lost}: lines sent that the other never received, whoever's
     * fault. {@code windowP99Nanos}: the p99 of each 10 s from the start, 0 where none arrived,
     * to tell a stall at each volley from one at the start.
     */
    record Result(long sent, long received, long lost, Latency latency, long[] windowP99Nanos, boolean connected,
                  List<String> problems) {}

    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Reactor reactor;
    private final InetSocketAddress address;
    private final InetAddress from;
    private final ChaosStats stats = new ChaosStats();
    private final ChaosRoom room = new ChaosRoom(ChaosWorkload.CANARY_ROOM);
    private final List<ChaosUser> pair;
    private LatencyWindows latency;
    private int ready;
    private boolean sending;

    /** @param from the local address to connect from, or null */
    AttackCanary(Reactor reactor, InetSocketAddress address, InetAddress from) {
        this.reactor = reactor;
        this.address = address;
        this.from = from;
        // Text for both: an old server, measured the same way, knows no /format.
        this.pair = ChaosUser.canaryPair(this, room, 0, 0, false);
        room.open();
    }

    /** Turns both canaries; returns when one of them next has something to do. */
    long tick(long nowNanos) {
        long next = Long.MAX_VALUE;
        for (ChaosUser canary : pair) {
            next = Math.min(next, canary.tick(nowNanos));
        }
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, next - nowNanos);
    }

    /** Both are in their room. */
    boolean ready() {
        return ready == pair.size();
    }

    /** They start talking; latency is measured from {@code nowNanos}. */
    void start(long nowNanos) {
        latency = new LatencyWindows(nowNanos, WINDOW_NANOS);
        room.measure(nowNanos, latency);
        sending = true;
    }

    void stop() {
        sending = false;
    }

    /** Every line sent so far has been received (each has one receiver: the other canary). */
    boolean caughtUp() {
        return room.tracker().deliveries() >= room.sent();
    }

    /** The worst latency so far, in nanoseconds: what the progress lines show. */
    long p99Nanos() {
        return latency == null ? 0 : latency.total().getValueAtPercentile(99);
    }

    /** What went wrong for the canary so far (could not get in, cut off, an error), quoted. */
    List<String> problems() {
        return stats.problems();
    }

    Result result() {
        boolean[] both = {true, true};
        DeliveryTracker.Loss loss = room.tracker().loss(room.sentBySender(), both, both);
        boolean connected = pair.stream().allMatch(ChaosUser::connected);
        return new Result(room.sent(), room.tracker().deliveries(), loss.lost() + loss.undeliverable(),
                Latency.of(latency.total()), latency.windowP99Nanos(), connected, stats.problems());
    }

    void close() {
        pair.forEach(canary -> canary.finish(false));
    }

    // ChaosUser.World

    @Override
    public Reactor reactor() {
        return reactor;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public InetAddress localAddress() {
        return from;
    }

    @Override
    public boolean sending() {
        return sending;
    }

    @Override
    public boolean mayConnect(long nowNanos) {
        return true;
    }

    @Override
    public String anyRoom(Random random) {
        return ChaosPlan.LOBBY;
    }

    @Override
    public String anyName(Random random) {
        return "nobody";
    }

    @Override
    public ChaosStats stats() {
        return stats;
    }

    @Override
    public void ready(ChaosUser user) {
        ready++;
    }
}
