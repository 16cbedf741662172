package chatroom.server.net;

import chatroom.server.mod.AddressKey;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each client address may hold, kept for every acceptor together: at most
 * {@code maxConnections} open at once, and new connections at {@code connectRate} a second
 * on average ({@code connectBurst} at once: a token bucket per address). Without it one
 * address could take every slot of the server and keep them.
 *
 * <p><b>What "one address" is.</b> An IPv4 address; an IPv6 address's /64 network, because
 * that is the smallest block a home line or a cloud machine is given, and a limit per /128
 * would let one host take 2^64 of them; an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d})
 * counts as its IPv4 address. Loopback is not exempt.
 *
 * <p><b>Memory.</b> An address is remembered while it holds a connection, and after its last
 * one closes only until its bucket is full again ({@code connectBurst / connectRate}: 10 s by
 * default). Forgetting it sooner would give it a fresh burst for the asking. So the table
 * holds the addresses with connections plus those that connected in the last few seconds,
 * each of which cost an accept; the addresses to forget wait in a queue in the order they
 * went idle, and are looked at whenever a connection comes or goes.
 *
 * <p><b>Log.</b> A refusal is logged ({@code event=reject_per_address}), but at most once per
 * address per {@link #LOG_INTERVAL}, with the number refused since the last line: an
 * attacker refused thousands of times a second must not be able to flood the log.
 *
 * <p>Loop thread only. Time is passed in (the loop's nanoseconds), so tests need not sleep.
 */
final class AddressLimiter {

    private static final Logger log = LoggerFactory.getLogger(AddressLimiter.class);

    /** The least time between two refusal lines in the log for one address. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** What {@link #admit} decided. */
    enum Verdict {
        ADMITTED,
        TOO_MANY_CONNECTIONS,
        CONNECTING_TOO_FAST;

        /** As logged, and the code of the error the client is sent: {@code Problem}'s code of the same name. */
        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One remembered address. */
    private static final class Entry {
        final TokenBucket connects;
        int open;
        /** When a token was last taken: {@link #refillNanos} after it, the bucket is surely full. */
        long lastConnect;
        /** Refusals not yet in the log, the last one's reason, and when the last line was. */
        int unlogged;
        Verdict unloggedReason;
        long loggedAt;

        Entry(TokenBucket connects, long now) {
            this.connects = connects;
            this.lastConnect = now;
            this.loggedAt = now - LOG_INTERVAL.toNanos();
        }
    }

    /** An address whose last connection closed: forget it at {@code at} if it is still idle then. */
    private record Idle(AddressKey key, Entry entry, long at) {}

    private final ServerConfig.AddressLimits limits;
    /** How long an empty bucket takes to fill, rounded up (the bucket rounds its rate to whole nanoseconds). */
    private final long refillNanos;
    private final HashMap<AddressKey, Entry> entries = new HashMap<>();
    /** In the order the addresses went idle; {@code at} is that time plus {@link #refillNanos}, so it only grows. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();

    AddressLimiter(ServerConfig.AddressLimits limits) {
        this.limits = limits;
        double nanos = Math.ceil(limits.connectBurst() * 1e9 / limits.connectRate());
        this.refillNanos = (long) Math.min(nanos, Long.MAX_VALUE / 4) + limits.connectBurst();
    }

    /**
     * May a connection from {@code remote} come in at {@code now}? If so it is counted (and a
     * connect token spent) until {@link #released}; if not, the refusal is logged, sparingly.
     */
    Verdict admit(SocketAddress remote, long now) {
        forgetIdle(now);
        AddressKey key = AddressKey.of(remote);
        if (key == null) {
            return Verdict.ADMITTED;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(new TokenBucket(limits.connectRate(), limits.connectBurst(), now), now);
            entries.put(key, entry);
        }
        Verdict verdict;
        if (entry.open >= limits.maxConnections()) {
            verdict = Verdict.TOO_MANY_CONNECTIONS;
        } else if (!entry.connects.hasToken(now)) {
            verdict = Verdict.CONNECTING_TOO_FAST;
        } else {
            entry.connects.take();
            entry.lastConnect = now;
            entry.open++;
            return Verdict.ADMITTED;
        }
        refused(key, entry, verdict, now);
        return verdict;
    }

    /** A connection {@link #admit} let in from {@code remote} is closed. */
    void released(SocketAddress remote, long now) {
        AddressKey key = AddressKey.of(remote);
        Entry entry = key == null ? null : entries.get(key);
        if (entry != null && entry.open > 0 && --entry.open == 0) {
            if (isFull(entry, now)) {
                forget(key, entry);
            } else {
                idle.add(new Idle(key, entry, now + refillNanos));
            }
        }
        forgetIdle(now);
    }

    /** How many addresses are remembered: those with connections and those whose bucket is still refilling. */
    int addresses() {
        return entries.size();
    }

    /** Connections open from {@code address}'s key. */
    int open(InetAddress address) {
        Entry entry = entries.get(AddressKey.of(address));
        return entry == null ? 0 : entry.open;
    }

    private void refused(AddressKey key, Entry entry, Verdict verdict, long now) {
        entry.unlogged++;
        entry.unloggedReason = verdict;
        if (now - entry.loggedAt >= LOG_INTERVAL.toNanos()) {
            logRefusals(key, entry);
            entry.loggedAt = now;
        }
    }

    private void logRefusals(AddressKey key, Entry entry) {
        log.info("event=reject_per_address addr={} reason={} open={} refused={}", key,
                entry.unloggedReason.code(), entry.open, entry.unlogged);
        entry.unlogged = 0;
    }

    /** The bucket is full by now: no token was taken for as long as an empty one takes to fill. */
    private boolean isFull(Entry entry, long now) {
        return now - entry.lastConnect >= refillNanos;
    }

    private void forgetIdle(long now) {
        Idle next;
        while ((next = idle.peek()) != null && now - next.at() >= 0) {
            idle.poll();
            // The address may have connected again since (then it is not idle, or a later
            // entry in the queue is its own), or have been forgotten and made anew.
            if (entries.get(next.key()) == next.entry() && next.entry().open == 0 && isFull(next.entry(), now)) {
                forget(next.key(), next.entry());
            }
        }
    }

    private void forget(AddressKey key, Entry entry) {
        if (entry.unlogged > 0) {
            logRefusals(key, entry);
        }
        entries.remove(key);
    }
}
