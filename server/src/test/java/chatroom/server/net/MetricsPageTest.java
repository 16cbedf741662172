package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.chat.Chat;
import chatroom.server.history.HistoryLog;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code /metrics} page: every line is Prometheus text exposition 0.0.4, and the counters
 * follow what really happens on a running server.
 */
@Timeout(60)
class MetricsPageTest {

    // The exposition grammar, a pattern per kind of line (prometheus.io, "Exposition formats").
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
    /** A label value: any character but backslash, quote and line feed, or one of their escapes. */
    private static final String LABEL_VALUE = "(?:[^\\\\\"\\n]|\\\\[\\\\\"n])*";
    /** A Go float: what Prometheus parses a sample value with. */
    private static final String VALUE = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")((?:\\{" + LABEL + "=\"" + LABEL_VALUE
            + "\"(?:," + LABEL + "=\"" + LABEL_VALUE + "\")*})?) (" + VALUE + ")");

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    /**
     * Checks {@code page} line by line against the grammar and the rules for families (HELP and
     * TYPE once each, before the family's samples; a counter's name ends in _total and its
     * values are not negative), and returns its samples: {@code name{labels}} to value.
     */
    static Map<String, Double> parse(String page) {
        assertThat(page).as("the last line ends in a line feed").endsWith("\n");
        Set<String> helped = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : page.substring(0, page.length() - 1).split("\n", -1)) {
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                assertThat(helped.add(help.group(1))).as("one HELP for %s", help.group(1)).isTrue();
                assertThat(types).as("HELP before TYPE for %s", help.group(1)).doesNotContainKey(help.group(1));
            } else if (type.matches()) {
                String name = type.group(1);
                assertThat(helped).as("HELP for %s", name).contains(name);
                assertThat(types.put(name, type.group(2))).as("one TYPE for %s", name).isNull();
                if (type.group(2).equals("counter")) {
                    assertThat(name).as("a counter's name").endsWith("_total");
                }
            } else {
                assertThat(sample.matches()).as("a valid line: %s", line).isTrue();
                String name = sample.group(1);
                assertThat(types).as("a TYPE before the samples of %s", name).containsKey(name);
                double value = Double.parseDouble(sample.group(3));
                if (types.get(name).equals("counter")) {
                    assertThat(value).as("counter %s", name).isGreaterThanOrEqualTo(0);
                }
                assertThat(samples.put(name + sample.group(2), value)).as("one sample of %s", line).isNull();
            }
        }
        assertThat(types.keySet()).as("every family has samples").allMatch(
                name -> samples.keySet().stream().anyMatch(s -> s.equals(name) || s.startsWith(name + "{")));
        return samples;
    }

    @Nested
    class Format {

        @Test
        void everyLineOfAPageWithEveryCounterSetIsValidExposition() {
            Metrics metrics = new Metrics();
            metrics.receivedBytes = 123;
            metrics.sentBytes = 4567;
            metrics.deliveries = 89;
            metrics.slowConsumerKicks = 1;
            metrics.floodPauses = 2;
            metrics.outputStallCloses = 3;
            metrics.loopIterations = 1000;
            metrics.loopBusyNanos = 2_500_000_001L;
            metrics.countOpened(ConnectionKind.TLS);
            int[] open = new int[ConnectionKind.values().length];
            open[ConnectionKind.TCP.ordinal()] = 7;
            Chat chat = new Chat(ServerConfig.defaults().chat(), new Timers(() -> 0), Clock.fixed(NOW, ZoneOffset.UTC));

            HistoryLog.Counts history = new HistoryLog.Counts(5, 6, 7, 8, 9, 10);

            Map<String, Double> samples = parse(MetricsPage.render(metrics, open, chat, 42, 16384, 3, history));

            assertThat(samples).containsEntry("chatroom_connections{transport=\"tcp\"}", 7.0)
                    .containsEntry("chatroom_connections{transport=\"websocket\"}", 0.0)
                    .containsEntry("chatroom_connections_opened_total{transport=\"tls\"}", 1.0)
                    .containsEntry("chatroom_rooms", 1.0)
                    .containsEntry("chatroom_users", 0.0)
                    .containsEntry("chatroom_received_bytes_total", 123.0)
                    .containsEntry("chatroom_sent_bytes_total", 4567.0)
                    .containsEntry("chatroom_deliveries_total", 89.0)
                    .containsEntry("chatroom_output_queued_bytes", 42.0)
                    .containsEntry("chatroom_output_pool_spare_bytes", 16384.0)
                    .containsEntry("chatroom_bans", 3.0)
                    .containsEntry("chatroom_slow_consumer_kicks_total", 1.0)
                    .containsEntry("chatroom_flood_pauses_total", 2.0)
                    .containsEntry("chatroom_output_stall_closes_total", 3.0)
                    .containsEntry("chatroom_history_written_total", 5.0)
                    .containsEntry("chatroom_history_dropped_total", 6.0)
                    .containsEntry("chatroom_history_write_errors_total", 7.0)
                    .containsEntry("chatroom_history_fsyncs_total", 8.0)
                    .containsEntry("chatroom_history_queued", 9.0)
                    .containsEntry("chatroom_history_disk_bytes", 10.0)
                    .containsEntry("chatroom_loop_iterations_total", 1000.0)
                    .containsEntry("chatroom_loop_busy_seconds_total", 2.500000001);
        }

        @Test
        void aLabelValueEscapesBackslashQuoteAndLineFeedAndNothingElse() {
            StringBuilder out = new StringBuilder();
            MetricsPage.appendLabelValue(out, "a\\b\"c\nd é");
            assertThat(out).hasToString("a\\\\b\\\"c\\nd é");
            assertThat(("x{l=\"" + out + "\"} 1")).matches(SAMPLE);
        }

        @Test
        void helpTextEscapesBackslashAndLineFeedButNotTheQuote() {
            StringBuilder out = new StringBuilder("# HELP x ");
            MetricsPage.appendHelp(out, "a\\b\"c\nd");
            assertThat(out).hasToString("# HELP x a\\\\b\"c\\nd");
            assertThat(out.toString()).matches(HELP);
        }

        @Test
        void busyTimeIsExactDecimalSeconds() {
            assertThat(MetricsPage.seconds(0)).isEqualTo("0.000000000");
            assertThat(MetricsPage.seconds(1)).isEqualTo("0.000000001");
            assertThat(MetricsPage.seconds(Long.MAX_VALUE)).isEqualTo("9223372036.854775807");
        }

        /** A server started with LANG=ar_EG (or th-TH-u-nu-thai) formats digits in its locale's script. */
        @Test
        void busySecondsAreAsciiDigitsWhateverTheLocale() {
            java.util.Locale before = java.util.Locale.getDefault();
            try {
                for (String tag : new String[] {"ar-EG", "th-TH-u-nu-thai", "hi-IN-u-nu-deva"}) {
                    java.util.Locale.setDefault(java.util.Locale.forLanguageTag(tag));
                    assertThat(MetricsPage.seconds(1_234_567_890L)).as(tag).isEqualTo("1.234567890");
                }
            } finally {
                java.util.Locale.setDefault(before);
            }
        }

        @Test
        void theGrammarRejectsWhatPrometheusWould() {
            assertThat("chatroom_x{transport=\"a\"b\"} 1").doesNotMatch(SAMPLE);
            assertThat("chatroom-x 1").doesNotMatch(SAMPLE);
            assertThat("chatroom_x 1e").doesNotMatch(SAMPLE);
            assertThat("# TYPE chatroom_x counters").doesNotMatch(TYPE);
        }
    }

    /** The page of a running server, over real sockets: the counters move with what the clients do. */
    @Nested
    class OnARunningServer {

        @Test
        void twoTelnetUsersChattingMoveMessagesDeliveriesAndBytesByWhatTheySent() throws Exception {
            try (TestServer server = TestServer.start();
                 TestClient alice = TestClient.login(server.port(), "alice");
                 TestClient bob = TestClient.login(server.port(), "bob")) {
                alice.awaitLine("*** bob joined lobby");
                Map<String, Double> before = parse(page(server));

                alice.send("hello bob");
                String seen = bob.awaitLine(line -> line.contains("<alice>"));
                Map<String, Double> after = parse(page(server));

                assertThat(after).containsEntry("chatroom_users", 2.0)
                        .containsEntry("chatroom_rooms", 1.0)
                        .containsEntry("chatroom_connections{transport=\"tcp\"}", 2.0)
                        .containsEntry("chatroom_connections_opened_total{transport=\"tcp\"}", 2.0)
                        .containsEntry("chatroom_output_queued_bytes", 0.0);
                assertThat(delta(before, after, "chatroom_messages_total")).isEqualTo(1);
                assertThat(delta(before, after, "chatroom_deliveries_total"))
                        .as("bob's line; a text user's own message does not come back").isEqualTo(1);
                assertThat(delta(before, after, "chatroom_received_bytes_total"))
                        .isEqualTo(("hello bob\r\n").length());
                assertThat(delta(before, after, "chatroom_sent_bytes_total"))
                        .isEqualTo((seen + "\r\n").getBytes(StandardCharsets.UTF_8).length);
                assertThat(delta(before, after, "chatroom_loop_iterations_total")).isPositive();
                assertThat(delta(before, after, "chatroom_loop_busy_seconds_total")).isPositive();
            }
        }

        @Test
        void aClosedConnectionLeavesTheGaugeAndStaysInTheOpenedCounter() throws Exception {
            try (TestServer server = TestServer.start();
                 TestClient alice = TestClient.login(server.port(), "alice")) {
                try (TestClient bob = TestClient.login(server.port(), "bob")) {
                    alice.awaitLine("*** bob joined lobby");
                }
                alice.awaitLine(line -> line.startsWith("*** bob left lobby"));

                Map<String, Double> samples = parse(page(server));

                assertThat(samples).containsEntry("chatroom_connections{transport=\"tcp\"}", 1.0)
                        .containsEntry("chatroom_connections_opened_total{transport=\"tcp\"}", 2.0)
                        .containsEntry("chatroom_users", 1.0);
            }
        }

        /**
         * A browser's way in: an HTTP exchange that becomes a WebSocket counts as http when
         * opened and as websocket once upgraded; the page served at /metrics is the same page.
         */
        @Test
        void aWebSocketUserCountsAsWebSocketAndTheServedPageIsValid() throws Exception {
            try (TestServer server = TestServer.start(TestServer.config().withListeners(List.of(
                         Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                         Listener.http(new InetSocketAddress("127.0.0.1", 0)))));
                 TestClient alice = TestClient.login(server.port(0), "alice");
                 WebSocketEndToEndTest.WebUser web = WebSocketEndToEndTest.WebUser.login(server.port(1), "webby")) {
                alice.awaitLine("*** webby joined lobby");

                HttpResponse<String> served = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port(1) + "/metrics"))
                                .timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(served.statusCode()).isEqualTo(200);
                assertThat(parse(served.body())).containsEntry("chatroom_connections{transport=\"tcp\"}", 1.0)
                        .containsEntry("chatroom_connections{transport=\"websocket\"}", 1.0)
                        .containsEntry("chatroom_connections{transport=\"http\"}", 1.0) // this very request
                        .containsEntry("chatroom_connections_opened_total{transport=\"websocket\"}", 1.0)
                        .containsEntry("chatroom_connections_opened_total{transport=\"http\"}", 2.0)
                        .containsEntry("chatroom_users", 2.0);
            }
        }

        private String page(TestServer server) throws Exception {
            return server.metricsText();
        }

        private double delta(Map<String, Double> before, Map<String, Double> after, String name) {
            assertThat(before).containsKey(name);
            assertThat(after).containsKey(name);
            return after.get(name) - before.get(name);
        }
    }
}
