package chatroom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out workload: every client in the lobby, the first K of them talking, every message
 * checked at every receiver.
 *
 * <pre>
 *   connect + log in ─▶ settle ─▶ warm-up (send, not measured) ─▶ measure (send) ─▶ drain ─▶ report
 * </pre>
 *
 * Settling waits for the join notices to stop, so the first measured second is not also the
 * tail of the connect storm. The drain after the window waits for the messages still in flight,
 * so "lost" means lost and not merely late.
 */
final class FanOutWorkload {

    /** The server is done delivering when nothing has arrived for this long. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Join notices stop within a second (the summary interval of a big room) after the last join. */
    private static final long SETTLE_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1100);
    private static final long SETTLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The server's default --max-output-bytes, for {@link #warnIfWindowExceedsOutputCap}. */
    private static final long SERVER_DEFAULT_OUTPUT_CAP_BYTES = 1024 * 1024;
    /** Room for a burst of messages per sender in rate mode, when nothing else sizes the outbox. */
    private static final int MIN_SENDER_OUTBOX_BYTES = 64 * 1024;

    private final BenchSettings settings;
    private final Reactor reactor;
    private final ServerProcess server;
    private final Fleet fleet;
    private final DeliveryTracker tracker;
    private final SendPacer pacer;
    private final MessagePayload.Parsed parsed = new MessagePayload.Parsed();
    private final int observer;
    private final int lineBytes;
    /** Messages each sender has written in the whole run; the last one's sequence number. */
    private final long[] sentBySender;

    private long measureFromNanos;
    private long stopSendingNanos;
    private long measuredSends;

    /** @param server the server to watch, or null */
    FanOutWorkload(BenchSettings settings, Reactor reactor, ServerProcess server) {
        this.settings = settings;
        this.reactor = reactor;
        this.server = server;
        int senders = settings.senders();
        this.observer = settings.clients() - 1;
        this.lineBytes = MessagePayload.maxLineBytes(settings.payloadBytes());
        this.pacer = settings.rate() > 0
                ? new RatePacer(settings.rate(), senders)
                : new WindowPacer(settings.window(), senders);
        // A window's worth of messages always fits, so a sender is held back by the window, not its buffer.
        int outboxBytes = Math.max(MIN_SENDER_OUTBOX_BYTES,
                settings.rate() > 0 ? lineBytes : settings.window() * lineBytes);
        this.fleet = new Fleet(reactor, settings.address(), settings.clients(), senders, outboxBytes,
                settings.namePrefix(), settings.connectsPerSecond());
        this.tracker = new DeliveryTracker(settings.clients(), senders, settings.payloadBytes());
        this.sentBySender = new long[senders];
        fleet.setSink(this::onMessage);
    }

    FanOutResult run() throws IOException, BenchException {
        try {
            return measure();
        } finally {
            fleet.closeAll();
        }
    }

    private FanOutResult measure() throws IOException, BenchException {
        ServerProcess.Snapshot beforeConnecting = snapshot();
        Progress.say("connecting %,d clients to %s at %,.0f/s", settings.clients(), settings.target(),
                settings.connectsPerSecond());
        long connectStart = System.nanoTime();
        if (!fleet.connectAll(settings.loginTimeoutNanos())) {
            throw new BenchException(String.format("only %,d of %,d clients reached the lobby (%,d failed)",
                    fleet.entered(), settings.clients(), fleet.failedLogins()), fleet.problems());
        }
        Progress.say("all %,d in the lobby after %.2f s; settling", settings.clients(),
                (System.nanoTime() - connectStart) / 1e9);
        reactor.awaitQuiet(SETTLE_QUIET_NANOS, SETTLE_TIMEOUT_NANOS);

        long start = System.nanoTime();
        measureFromNanos = start + BenchSettings.seconds(settings.warmupSeconds());
        stopSendingNanos = measureFromNanos + BenchSettings.seconds(settings.durationSeconds());
        tracker.measure(measureFromNanos, stopSendingNanos);
        pacer.start(start);
        Progress.say("sending (%s): %.1f s warm-up, %.1f s measured", pacer.describe(),
                settings.warmupSeconds(), settings.durationSeconds());
        warnIfWindowExceedsOutputCap();
        reactor.runUntil(measureFromNanos, this::sendDue);
        ServerProcess.Snapshot windowStart = snapshot();
        // This thread's own CPU: near 100% of a core means the generator, not the server, set the pace.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        reactor.runUntil(stopSendingNanos, this::sendDue);
        double generatorCpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        ServerProcess.Snapshot windowEnd = snapshot();
        long backlog = pacer.backlog();

        long expected = expectedDeliveries();
        Progress.say("draining: waiting for the last of %,d deliveries", expected);
        reactor.runUntil(() -> tracker.deliveries() - tracker.duplicates() >= expected
                        || System.nanoTime() - reactor.lastInputNanos() >= QUIET_NANOS,
                System.nanoTime() + DRAIN_TIMEOUT_NANOS, Reactor.NOTHING);

        double measuredSeconds = (stopSendingNanos - measureFromNanos) / 1e9;
        ServerUsage usage = server == null ? null
                : ServerUsage.between(beforeConnecting, windowStart, windowEnd, measuredSeconds);
        DeliveryTracker.Loss loss = tracker.loss(sentBySender, fleet.connected());
        return new FanOutResult(settings.clients(), settings.senders(), pacer.describe(), settings.payloadBytes(),
                settings.warmupSeconds(), measuredSeconds, measuredSends, tracker.measuredDeliveries(),
                expected, tracker.deliveries(), loss.lost(), loss.undeliverable(), tracker.duplicates(),
                tracker.reordered(), tracker.corrupted(), tracker.malformed(), Latency.of(tracker.latency()),
                backlog, fleet.disconnects(), fleet.serverErrors(), fleet.problems(), generatorCpuSeconds, usage);
    }

    /**
     * Writes every message the pacer allows into its sender's outbox and flushes each sender
     * once: a burst costs one write per sender, not one per message. The send time is taken
     * per message, just before it is written, so it includes no time spent in this loop.
     */
    private long sendDue(long nowNanos) {
        if (nowNanos >= stopSendingNanos) {
            return Long.MAX_VALUE;
        }
        long wait = pacer.advance(nowNanos);
        boolean measuring = nowNanos >= measureFromNanos;
        for (int sender = 0; sender < sentBySender.length; sender++) {
            BenchClient client = fleet.client(sender);
            if (!client.isInRoom()) {
                continue;
            }
            ByteBuffer out = client.outbox();
            for (long allowed = pacer.allowance(sender); allowed > 0 && out.remaining() >= lineBytes; allowed--) {
                long sequence = ++sentBySender[sender];
                MessagePayload.writeLine(out, sender, sequence, System.nanoTime(), settings.payloadBytes());
                pacer.sent(sender);
                if (measuring) {
                    measuredSends++;
                }
            }
            client.flush();
        }
        return wait;
    }

    private void onMessage(int receiver, byte[] text, int offset, int length, long receivedNanos) {
        if (!MessagePayload.parse(text, offset, length, parsed)) {
            tracker.countMalformed();
            return;
        }
        tracker.record(receiver, parsed, receivedNanos);
        if (receiver == observer) {
            pacer.observed(parsed.sender, parsed.sequence);
        }
    }

    /**
     * A receiver may lag the observer by up to every sender's full window. If that is more
     * than the server lets queue for one client, the server may rightly cut receivers off as
     * slow consumers; say so up front, so such a run is not mistaken for a clean measurement.
     */
    private void warnIfWindowExceedsOutputCap() {
        if (settings.rate() > 0) {
            return;
        }
        long inFlight = (long) settings.senders() * settings.window() * lineBytes;
        if (inFlight > SERVER_DEFAULT_OUTPUT_CAP_BYTES) {
            Progress.say("note: %,d senders x window %,d x %,d bytes = %,d bytes may be in flight to each receiver, "
                            + "more than the server's default --max-output-bytes (%,d); receivers the generator reads "
                            + "late may be cut off as slow consumers",
                    settings.senders(), settings.window(), lineBytes, inFlight, SERVER_DEFAULT_OUTPUT_CAP_BYTES);
        }
    }

    /** Every message goes to every other member of the lobby. */
    private long expectedDeliveries() {
        long total = 0;
        for (long sent : sentBySender) {
            total += sent;
        }
        return total * (settings.clients() - 1);
    }

    private ServerProcess.Snapshot snapshot() throws IOException {
        return server == null ? null : server.snapshot();
    }
}
