package chatroom.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One attack against a running server, on the generator's one reactor: the canary pair, then
 * the crowd, then the verdict.
 *
 * <pre>
 *   canary pair in its room ─▶ canary talks; crowd connects (at the rate) and logs in
 *     ─▶ attack: the kind's turns, for the duration ─▶ canary stops, its last lines arrive (≤ 5 s)
 *     ─▶ the non-readers read again, to see who was cut off (quiet 2 s, ≤ 15 s) ─▶ result
 * </pre>
 *
 * The canary is measured from the first attacker's connect: the connect storm is part of the
 * attack. A server process seen gone ends every phase at once.
 */
final class AttackWorkload {

    private static final long CANARY_LOGIN_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long CANARY_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long CLOSES_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AttackSettings settings;
    private final Reactor reactor;
    private final AttackWatch watch;
    private final AttackCanary canary;
    private final AttackCrowd crowd;
    private long lastTurnNanos;
    private long maxTurnNanos;
    private long reportAt;

    /** @param server the server to watch, or null */
    AttackWorkload(AttackSettings settings, Reactor reactor, ServerProcess server) {
        this.settings = settings;
        this.reactor = reactor;
        this.watch = new AttackWatch(server);
        this.canary = new AttackCanary(reactor, settings.address(), settings.canaryFrom());
        this.crowd = new AttackCrowd(settings.kind(), settings.clients(), reactor, settings.crowdAddress(), settings.crowdTrust(),
                settings.connectsPerSecond());
    }

    AttackResult run() throws IOException, BenchException {
        try {
            return attack();
        } finally {
            crowd.closeAll();
            canary.close();
        }
    }

    private AttackResult attack() throws IOException, BenchException {
        AttackKind kind = settings.kind();
        Progress.say("attack %s (finding %s): %,d connections; %s", kind.label(), kind.finding(), settings.clients(),
                kind.description());
        long now = System.nanoTime();
        if (!reactor.runUntil(canary::ready, now + CANARY_LOGIN_NANOS, canary::tick)) {
            throw new BenchException("the canary pair did not get into its room", canary.problems());
        }

        long start = System.nanoTime();
        watch.start(start);
        canary.start(start);
        crowd.startConnecting(start);
        lastTurnNanos = start;
        reportAt = start + REPORT_EVERY_NANOS;
        Progress.say("canary pair in; connecting %,d attackers at %,.0f/s", settings.clients(),
                settings.connectsPerSecond());
        reactor.runUntil(() -> crowd.settled() || !watch.alive(), start + settings.connectTimeoutNanos(), this::tick);
        long attackStart = System.nanoTime();
        Progress.say("%,d attackers in, %,d did not get in, after %.1f s; attacking for %.0f s", crowd.in(),
                crowd.failedLogins(), (attackStart - start) / 1e9, settings.durationSeconds());

        crowd.attack(attackStart);
        reactor.runUntil(() -> !watch.alive(), attackStart + BenchSettings.seconds(settings.durationSeconds()),
                this::tick);
        crowd.stopAttacking();
        canary.stop();
        long attackEnd = System.nanoTime();
        watch.sample();
        double serverCpu = watch.cpuSeconds();
        if (!watch.alive()) {
            Progress.say("the server process is gone, %.1f s into the attack", (attackEnd - attackStart) / 1e9);
        }

        reactor.runUntil(() -> canary.caughtUp() || !watch.alive(), System.nanoTime() + CANARY_DRAIN_NANOS,
                this::tick);
        crowd.listenForCloses();
        reactor.awaitQuiet(QUIET_NANOS, CLOSES_TIMEOUT_NANOS);
        watch.sample();
        return new AttackResult(kind, crowd.connections(), crowd.in(), crowd.cutOff(), (attackStart - start) / 1e9,
                (attackEnd - attackStart) / 1e9, canary.result(), watch.watching() ? watch.alive() : null,
                watch.peakKiB(), watch.peakReset(), serverCpu, maxTurnNanos, crowd.problems());
    }

    /** Everything due at {@code now}: the crowd, the canary, the watch, and a progress line every 10 s. */
    private long tick(long now) {
        maxTurnNanos = Math.max(maxTurnNanos, now - lastTurnNanos);
        lastTurnNanos = now;
        long wait = Math.min(crowd.tick(now), Math.min(canary.tick(now), watch.tick(now)));
        if (now - reportAt >= 0) {
            reportAt += REPORT_EVERY_NANOS;
            Progress.say("%,d in, %,d cut off (as seen so far); canary p99 %.1f ms; server RSS peak %s%s", crowd.in(),
                    crowd.cutOff(), canary.p99Nanos() / 1e6, Sizes.kib(watch.peakKiB()),
                    watch.alive() ? "" : "; the server process is gone");
        }
        return wait;
    }
}
