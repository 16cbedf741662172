package chatroom.server.net;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.server.limit.AddressKey;
import chatroom.server.limit.TokenBucket;
import chatroom.server.mod.AddressBans;
import chatroom.server.mod.Ban;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * <p><b>Bans</b> ({@link AddressBans}, kept by the chat's operators) are checked first, before
 * any limit and before anything is counted as open: a banned address is told so once per connect
 * token it has ({@link Verdict#BANNED}, so the refusal line itself goes at the connect rate), and
 * past its rate its connections are closed without a word ({@link Verdict#BANNED_QUIET}). It is
 * remembered, like any address, only until its bucket is full again.
 *
 * <p>Loop thread only. Time is passed in (the loop's nanoseconds), so tests need not sleep; bans
 * run out by the wall clock given at construction (they are kept as instants, across restarts).
 */
final class AddressLimiter {

    private static final Logger log = LoggerFactory.getLogger(AddressLimiter.class);

    /** The least time between two refusal lines in the log for one address. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** What {@link #admit} decided. */
    enum Verdict {
        ADMITTED,
        TOO_MANY_CONNECTIONS,
        CONNECTING_TOO_FAST,
        /** A ban keeps the address out, and it may be told so (a connect token was spent on it). */
        BANNED,
        /** A ban keeps the address out, and it connects faster than it may be told: closed without a word. */
        BANNED_QUIET;

        /** Whether a ban is why: counted apart, and never a 429. */
        boolean banned() {
            return this == BANNED || this == BANNED_QUIET;
        }

        /**
         * As logged, and the code of the error the client is sent ({@code Problem}'s code of the
         * same name; {@link #BANNED_QUIET} sends nothing).
         */
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

    /** {@code 2026-12-02 09:00}: when a ban runs out, as a refused client is told it. */
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final ServerConfig.AddressLimits limits;
    private final AddressBans bans;
    private final Clock clock;
    /** How long an empty bucket takes to fill, rounded up (the bucket rounds its rate to whole nanoseconds). */
    private final long refillNanos;
    private final HashMap<AddressKey, Entry> entries = new HashMap<>();
    /** In the order the addresses went idle; {@code at} is that time plus {@link #refillNanos}, so it only grows. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();

    AddressLimiter(ServerConfig.AddressLimits limits, AddressBans bans, Clock clock) {
        this.limits = limits;
        this.bans = bans;
        this.clock = clock;
        double nanos = Math.ceil(limits.connectBurst() * 1e9 / limits.connectRate());
        this.refillNanos = (long) Math.min(nanos, Long.MAX_VALUE / 4) + limits.connectBurst();
    }

    /**
     * May a connection from {@code remote} come in at {@code now}? If so it is counted (and a
     * connect token spent) until {@link #released}; if not, the refusal is logged, sparingly. A
     * banned address is never counted as open.
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
        if (ban(remote) != null) {
            verdict = refuseBanned(key, entry, now);
        } else if (entry.open >= limits.maxConnections()) {
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

    /**
     * A banned address spends a token to be told, if it has one. With nothing open it is idle
     * from now: forgotten once its bucket is full again (each queued at the connect rate, so
     * the queue holds a burst's worth per address at most).
     */
    private Verdict refuseBanned(AddressKey key, Entry entry, long now) {
        if (!entry.connects.hasToken(now)) {
            return Verdict.BANNED_QUIET;
        }
        entry.connects.take();
        entry.lastConnect = now;
        if (entry.open == 0) {
            idle.add(new Idle(key, entry, now + refillNanos));
        }
        return Verdict.BANNED;
    }

    /**
     * Whether a ban keeps {@code remote} out now. Nothing is remembered about it: UDP asks this
     * of every datagram from a source not yet verified, which may be forged.
     */
    boolean banned(SocketAddress remote) {
        return ban(remote) != null;
    }

    private Ban ban(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? bans.addressBan(inet.getAddress(), clock.instant())
                : null;
    }

    /**
     * What a connection {@link #admit} refused is told, in whatever format its port speaks: how
     * it was counted (an IPv6 /64 is one address), or until when it is banned. Null for
     * {@link Verdict#BANNED_QUIET}: nothing.
     */
    Event.Error refusal(Verdict verdict, SocketAddress remote) {
        Instant now = clock.instant();
        return switch (verdict) {
            case TOO_MANY_CONNECTIONS -> Problem.TOO_MANY_CONNECTIONS.event(now, String.valueOf(AddressKey.of(remote)));
            case CONNECTING_TOO_FAST -> Problem.CONNECTING_TOO_FAST.event(now);
            case BANNED -> Problem.BANNED.event(now, until(ban(remote)));
            case ADMITTED, BANNED_QUIET -> null;
        };
    }

    /**
     * {@code " until 2026-12-02 09:00 UTC"}, rounded up to the minute so that the time shown
     * is never before the ban runs out; empty for a ban until lifted (or one that ran out just now).
     */
    static String until(Ban ban) {
        if (ban == null || ban.until() == null) {
            return "";
        }
        Instant minute = ban.until().truncatedTo(ChronoUnit.MINUTES);
        Instant shown = minute.equals(ban.until()) ? minute : minute.plus(1, ChronoUnit.MINUTES);
        return " until " + UNTIL.format(shown) + " UTC";
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
