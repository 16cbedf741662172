package chatroom.server.auth;

import chatroom.server.limit.AddressKey;
import chatroom.server.limit.TokenBucket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast passwords may be guessed. Every check costs a slow hash, so:
 *
 * <ul>
 *   <li><b>Per address</b> ({@link AddressKey}): {@code attempts} at once, then one per
 *       {@code interval}. A token is taken when an attempt starts, before the hash is queued,
 *       so one address can never fill the hash queue; a right password gives it back, so an
 *       owner who types it right is never slowed by having done so before.
 *   <li><b>Per name</b> (a registered name or an operator account): {@value #NAME_FAILURES}
 *       wrong passwords, then one per half the address {@code interval}, charged on a failure
 *       only. It bounds a guesser spread over many addresses (8,640 guesses a day at the
 *       defaults). It refills twice as fast as one address may try, so one address guessing
 *       as fast as it may can never keep the owner out; it takes several to do that.
 * </ul>
 *
 * <p><b>Memory.</b> Each table holds at most {@value #MAX_ENTRIES} entries, least recently used
 * first out, and an entry whose bucket is full again is forgotten (it would be made anew just
 * the same): the oldest entries are looked at whenever an attempt starts, and dropped while
 * they are full.
 * Names enter the table only on a failure.
 *
 * <p>Also the gate for the failure log: at most one line a {@link #LOG_INTERVAL} per address,
 * so a guessing flood cannot flood the log.
 *
 * <p>Loop thread only. Time is passed in (nanoseconds), so tests need not sleep.
 */
public final class PasswordLimits {

    public static final int NAME_FAILURES = 10;
    /** Addresses, and names, remembered at most. */
    public static final int MAX_ENTRIES = 65_536;
    static final Duration LOG_INTERVAL = Duration.ofSeconds(1);

    private final Table addresses;
    private final Table names;

    public PasswordLimits(int attempts, Duration interval) {
        addresses = new Table(attempts, interval);
        names = new Table(NAME_FAILURES, nameInterval(interval));
    }

    /** How often a name gets a failure back: twice as often as one address gets an attempt. */
    public static Duration nameInterval(Duration addressInterval) {
        return addressInterval.dividedBy(2);
    }

    /**
     * Starts an attempt from {@code address} (null: none to count) on {@code nameKey} (null: no
     * name, as for {@code /register}): 0 if it may go on, an address token taken; otherwise the
     * whole seconds until it may, nothing taken.
     */
    public long start(AddressKey address, String nameKey, long now) {
        addresses.forgetFull(now);
        names.forgetFull(now);
        Entry byAddress = address == null ? null : addresses.get(address, now);
        Entry byName = nameKey == null ? null : names.map.get(nameKey);
        long wait = Math.max(byAddress == null ? 0 : byAddress.bucket.nanosUntilToken(now),
                byName == null ? 0 : byName.bucket.nanosUntilToken(now));
        if (wait > 0) {
            return (wait + 999_999_999) / 1_000_000_000;
        }
        if (byAddress != null) {
            byAddress.bucket.take();
        }
        return 0;
    }

    /** The attempt {@link #start} let go on cost no guess (right password, or never checked): its token comes back. */
    public void refund(AddressKey address, long now) {
        Entry entry = address == null ? null : addresses.map.get(address);
        if (entry != null) {
            entry.bucket.refund();
        }
    }

    /** A wrong password for {@code nameKey}. */
    public void failed(String nameKey, long now) {
        names.get(nameKey, now).bucket.take();
    }

    /**
     * Whether to log a failure from {@code address} now: -1 if not (it is counted), else how
     * many were not logged since the last line.
     */
    public int logDue(AddressKey address, long now) {
        if (address == null) {
            return 0;
        }
        Entry entry = addresses.get(address, now);
        if (now - entry.loggedAt < LOG_INTERVAL.toNanos()) {
            entry.unlogged++;
            return -1;
        }
        int skipped = entry.unlogged;
        entry.unlogged = 0;
        entry.loggedAt = now;
        return skipped;
    }

    /** How many addresses and names are remembered. */
    int size() {
        return addresses.map.size() + names.map.size();
    }

    private static final class Entry {
        final TokenBucket bucket;
        long loggedAt;
        int unlogged;

        Entry(TokenBucket bucket, long now) {
            this.bucket = bucket;
            this.loggedAt = now - LOG_INTERVAL.toNanos();
        }
    }

    /** Buckets by key, least recently used first. */
    private static final class Table {
        final double rate;
        final int burst;
        final LinkedHashMap<Object, Entry> map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                return size() > MAX_ENTRIES;
            }
        };

        Table(int burst, Duration interval) {
            this.rate = 1e9 / interval.toNanos();
            this.burst = burst;
        }

        /** The entry of {@code key}, made if there is none. */
        Entry get(Object key, long now) {
            return map.computeIfAbsent(key, k -> new Entry(new TokenBucket(rate, burst, now), now));
        }

        /**
         * Forgets the least recently used entries while they are full and logged nothing in the
         * last {@link #LOG_INTERVAL}: made anew, they would be the same. The first that is not
         * stops the walk, so a call costs O(1) apart from what it forgets.
         */
        void forgetFull(long now) {
            var it = map.values().iterator();
            while (it.hasNext()) {
                Entry eldest = it.next();
                if (!eldest.bucket.isFull(now) || now - eldest.loggedAt < LOG_INTERVAL.toNanos()) {
                    break;
                }
                it.remove();
            }
        }
    }
}
