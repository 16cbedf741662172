package chatroom.server.net;

import chatroom.server.chat.Chat;
import chatroom.server.chat.PasswordCounts;
import chatroom.server.history.HistoryLog;
import java.util.Locale;

/**
 * The {@code /metrics} page: Prometheus text exposition format 0.0.4, written by hand. A
 * library would bring a registry and a model for a dozen lines; these are a StringBuilder.
 *
 * <p>Each family is a {@code # HELP} line, a {@code # TYPE} line and its samples; counters end
 * in {@code _total}, units are base units in the name ({@code _bytes}, {@code _seconds}); no
 * timestamps (the scraper stamps the scrape); every line ends in {@code \n}, the last one too.
 * Rendered on the loop thread, so it reads the counters and the chat without locks.
 */
final class MetricsPage {

    /** The Prometheus text exposition format this page is written in. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PREFIX = "chatroom_";

    private final StringBuilder out = new StringBuilder(3072);

    private MetricsPage() {
    }

    /**
     * The whole page.
     *
     * @param open the open client sockets by {@link ConnectionKind} ordinal
     * @param queuedBytes the memory held for output not yet written, all connections together ({@link OutputBudget#total})
     * @param spareBytes the output pools' spare blocks ({@link OutputPools#spareBytes})
     * @param bans the bans in force
     * @param history what the rooms' logs have done ({@link HistoryLog.Counts#NONE} without them)
     */
    static String render(Metrics metrics, int[] open, Chat chat, long queuedBytes, long spareBytes, int bans,
                         HistoryLog.Counts history) {
        MetricsPage page = new MetricsPage();
        page.family("connections", "gauge", "Open client connections, by transport.");
        for (ConnectionKind kind : ConnectionKind.values()) {
            page.sample("connections", "transport", kind.label(), Long.toString(open[kind.ordinal()]));
        }
        page.family("connections_opened_total", "counter",
                "Client connections opened, by transport (a WebSocket counts as http, then as websocket when upgraded).");
        for (ConnectionKind kind : ConnectionKind.values()) {
            page.sample("connections_opened_total", "transport", kind.label(), Long.toString(metrics.opened(kind)));
        }
        page.gauge("users", "Users who have chosen a name.", chat.namedUsers());
        page.gauge("rooms", "Rooms, the lobby included.", chat.rooms());
        page.counter("messages_total", "Messages said: to a room (/me included) or in private.", chat.messages());
        page.counter("deliveries_total", "Events queued to a connection.", metrics.deliveries);
        page.counter("received_bytes_total", "Bytes read from clients (after TLS decryption).", metrics.receivedBytes);
        page.counter("sent_bytes_total", "Bytes written to clients (before TLS encryption).", metrics.sentBytes);
        page.gauge("output_queued_bytes",
                "Memory held for output queued for clients and not yet written (whole blocks).", queuedBytes);
        page.gauge("output_pool_spare_bytes",
                "Output blocks kept for reuse, let go of after a second unused.", spareBytes);
        page.counter("slow_consumer_kicks_total", "Clients cut off for not reading their output.",
                metrics.slowConsumerKicks);
        page.counter("flood_pauses_total", "Times flood control paused reading a client.", metrics.floodPauses);
        page.counter("output_stall_closes_total", "Clients closed because their output stood still too long.",
                metrics.outputStallCloses);
        page.counter("udp_datagrams_received_total", "UDP datagrams read, from anyone.",
                metrics.udpDatagramsReceived);
        page.counter("udp_datagrams_sent_total", "UDP datagrams sent: lines to users, codes to sources not yet verified.",
                metrics.udpDatagramsSent);
        page.counter("udp_hellos_total", "Codes sent to UDP sources not yet verified.", metrics.udpHellos);
        page.counter("udp_unanswered_total",
                "Datagrams from UDP sources not yet verified that got no answer (empty, or over the answer rates).",
                metrics.udpUnansweredDrops);
        page.counter("udp_verified_total", "UDP sources that sent back a valid code and became users.",
                metrics.udpVerified);
        page.counter("udp_flood_drops_total", "UDP users' datagrams or lines dropped by flood control.",
                metrics.udpFloodDrops);
        page.counter("udp_output_drops_total",
                "Events not sent to a UDP user: over its output rate or queue cap, or the server's output budget.",
                metrics.udpOutputDrops);
        page.counter("udp_send_blocked_total", "Times the UDP socket's send buffer was full.", metrics.udpSendBlocked);
        page.counter("udp_idle_closes_total", "UDP users who sent nothing for the idle timeout.", metrics.udpIdleCloses);
        page.counter("udp_rechecks_total", "Fresh codes asked of UDP users, to show their address still receives.",
                metrics.udpRechecks);
        page.counter("udp_recheck_closes_total", "UDP users who did not send back a fresh code in time.",
                metrics.udpRecheckCloses);
        page.gauge("bans", "Bans in force: of names, of addresses, or of both.", bans);
        page.counter("banned_refused_total", "Connections from banned addresses closed at accept (all TCP ports).",
                metrics.bannedRefused);
        page.counter("udp_banned_drops_total", "Datagrams from banned addresses dropped without an answer.",
                metrics.udpBannedDrops);
        PasswordCounts passwords = chat.passwordCounts();
        page.family("password_checks_total", "counter", "Password checks made (hashed), by result.");
        page.sample("password_checks_total", "result", "right", Long.toString(passwords.right()));
        page.sample("password_checks_total", "result", "wrong", Long.toString(passwords.wrong()));
        page.counter("password_rate_limited_total",
                "Password commands refused before hashing: the address or the name had no attempt left.",
                passwords.rateLimited());
        page.counter("password_busy_total", "Password commands refused because the hash queue was full.",
                passwords.busy());
        page.counter("password_plaintext_refused_total",
                "Password commands refused because the connection was not encrypted.", passwords.plaintext());
        page.counter("history_written_total", "Room messages written to their logs on disk.", history.written());
        page.counter("history_dropped_total",
                "Room messages not kept on disk: the log's writer was too far behind, or writing failed.",
                history.dropped());
        page.counter("history_write_errors_total", "Writes or fsyncs of the rooms' logs that failed.",
                history.writeErrors());
        page.counter("history_fsyncs_total", "Times the rooms' logs were forced to disk.", history.fsyncs());
        page.gauge("history_queued", "Room messages waiting for the log's writer.", history.queued());
        page.gauge("history_disk_bytes",
                "Disk the rooms' logs take, counted in 4 KiB blocks with their directories, as of the writer's last look.",
                history.bytes());
        page.counter("loop_iterations_total", "Turns of the event loop.", metrics.loopIterations);
        page.family("loop_busy_seconds_total", "counter",
                "Time the event loop spent working: from a select returning to the next select.");
        page.sample("loop_busy_seconds_total", seconds(metrics.loopBusyNanos));
        return page.out.toString();
    }

    private void counter(String name, String help, long value) {
        family(name, "counter", help);
        sample(name, Long.toString(value));
    }

    private void gauge(String name, String help, long value) {
        family(name, "gauge", help);
        sample(name, Long.toString(value));
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ');
        appendHelp(out, help);
        out.append("\n# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String value) {
        out.append(PREFIX).append(name).append(' ').append(value).append('\n');
    }

    private void sample(String name, String label, String labelValue, String value) {
        out.append(PREFIX).append(name).append('{').append(label).append("=\"");
        appendLabelValue(out, labelValue);
        out.append("\"} ").append(value).append('\n');
    }

    /** A {@code # HELP} text: backslash and line feed escaped. */
    static void appendHelp(StringBuilder out, String help) {
        escape(out, help, false);
    }

    /** A label value, between its quotes: backslash, double quote and line feed escaped. */
    static void appendLabelValue(StringBuilder out, String value) {
        escape(out, value, true);
    }

    private static void escape(StringBuilder out, String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && quote) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }

    /** Nanoseconds as decimal seconds, exactly: a long never goes through a double's rounding. */
    static String seconds(long nanos) {
        return nanos / 1_000_000_000 + "." + String.format(Locale.ROOT, "%09d", nanos % 1_000_000_000);
    }
}
