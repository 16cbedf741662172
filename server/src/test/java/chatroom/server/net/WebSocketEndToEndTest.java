package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.JsonCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A browser's protocol end to end: the JDK's own WebSocket client (which masks, answers pings
 * and closes by itself, and sends no Origin unless told) against the real server, with a
 * telnet user in the same room.
 */
@Timeout(60)
class WebSocketEndToEndTest {

    /** Text on port(0), HTTP on port(1). */
    private static TestServer start() throws IOException {
        return TestServer.start(TestServer.config().withListeners(List.of(
                Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                Listener.http(new InetSocketAddress("127.0.0.1", 0)))));
    }

    /**
     * A WebSocket user: whole messages into a queue, a message asked for only when the last is
     * taken off the wire (request(1) in onText, so the client's own flow control is exercised),
     * parts of a message joined until the last.
     */
    static final class WebUser implements WebSocket.Listener, AutoCloseable {

        private static final String CLOSED = "\u0000closed ";

        final WebSocket socket;
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile int parts;

        private WebUser(int port, String origin) {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(TestClient.TIMEOUT);
            if (origin != null) {
                builder.header("Origin", origin);
            }
            this.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this)
                    .orTimeout(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        }

        static WebUser connect(int port) {
            return new WebUser(port, null);
        }

        /** Connects, chooses {@code name} once asked, and waits until in a room. */
        static WebUser login(int port, String name) {
            WebUser user = connect(port);
            user.awaitEvent(Event.AskName.class);
            user.send(name);
            user.awaitEvent(Event.Entered.class);
            return user;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            parts++;
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            messages.add(CLOSED + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            messages.add(CLOSED + "error " + error);
        }

        /** One line, one text frame, as the page sends them. */
        void send(String line) {
            socket.sendText(line, true).orTimeout(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        }

        String nextMessage() {
            try {
                String message = messages.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (message == null) {
                    fail("no message within " + TestClient.TIMEOUT);
                }
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted");
            }
        }

        Event nextEvent() {
            String message = nextMessage();
            assertThat(message).as("a JSON event, not the end").doesNotStartWith(CLOSED);
            return JsonCodec.parse(message);
        }

        <T extends Event> T awaitEvent(Class<T> type) {
            return awaitEvent(type, e -> true);
        }

        <T extends Event> T awaitEvent(Class<T> type, Predicate<T> wanted) {
            List<Event> skipped = new ArrayList<>();
            while (true) {
                Event event = nextEvent();
                if (type.isInstance(event) && wanted.test(type.cast(event))) {
                    return type.cast(event);
                }
                skipped.add(event);
                assertThat(skipped.size()).as("skipped: %s", skipped).isLessThan(10_000);
            }
        }

        /** The close code and reason the server sent, once it has closed. */
        String awaitClose() {
            String message;
            while (!(message = nextMessage()).startsWith(CLOSED)) {
                // events before the close
            }
            return message.substring(CLOSED.length());
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    @Test
    void jsonEventsFromTheFirstFrame() throws Exception {
        try (TestServer server = start();
             WebUser web = WebUser.connect(server.port(1))) {
            assertThat(web.nextEvent()).isInstanceOf(Event.Welcome.class);
            assertThat(web.nextEvent()).isInstanceOf(Event.AskName.class);
        }
    }

    /** A WebSocket speaks JSON only: asked for text, it answers with the format it keeps. */
    @Test
    void formatTextIsAnsweredWithTheJsonItKeeps() throws Exception {
        try (TestServer server = start();
             WebUser web = WebUser.login(server.port(1), "web")) {
            web.send("/format text");
            assertThat(web.awaitEvent(Event.FormatSet.class).format()).isEqualTo(Format.JSON);
        }
    }

    /**
     * A web user and a telnet user in one room, each sending a burst: each sees the other's
     * lines in the order sent, the web user its own as echoes in their places.
     */
    @Test
    void aWebUserAndATelnetUserChatBothWaysInOrder() throws Exception {
        int count = 200;
        try (TestServer server = start();
             WebUser web = WebUser.login(server.port(1), "web");
             TestClient tel = TestClient.login(server.port(0), "tel")) {
            web.awaitEvent(Event.Joined.class, j -> j.name().equals("tel"));

            CompletableFuture<Void> webSending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < count; i++) {
                    web.send("w#" + i + " \u00e9\u20ac\ud83d\ude00");
                }
            });
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < count; i++) {
                burst.append("t#").append(i).append("\r\n");
            }
            tel.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            webSending.join();

            List<String> telSaw = new ArrayList<>();
            while (telSaw.size() < count) {
                String line = tel.nextLine();
                if (line.contains("<web> ")) {
                    telSaw.add(line.substring(line.indexOf("<web> ") + 6));
                }
            }
            List<String> webSawOwn = new ArrayList<>();
            List<String> webSawTel = new ArrayList<>();
            long lastId = 0;
            while (webSawOwn.size() + webSawTel.size() < 2 * count) {
                if (web.nextEvent() instanceof Event.Said said) {
                    assertThat(said.id()).as("ids rise").isGreaterThan(lastId);
                    lastId = said.id();
                    assertThat(said.echo()).isEqualTo(said.from().equals("web"));
                    (said.echo() ? webSawOwn : webSawTel).add(said.text());
                }
            }
            List<String> webLines = new ArrayList<>();
            List<String> telLines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                webLines.add("w#" + i + " \u00e9\u20ac\ud83d\ude00");
                telLines.add("t#" + i);
            }
            assertThat(telSaw).isEqualTo(webLines);
            assertThat(webSawOwn).isEqualTo(webLines);
            assertThat(webSawTel).isEqualTo(telLines);
        }
    }

    /** A message as long as a line may be comes whole, however the client's reader splits it. */
    @Test
    void aLongMessageArrivesWhole() throws Exception {
        try (TestServer server = start();
             WebUser web = WebUser.login(server.port(1), "web");
             TestClient tel = TestClient.login(server.port(0), "tel")) {
            String text = "x".repeat(4000);
            tel.send(text);
            assertThat(web.awaitEvent(Event.Said.class).text()).isEqualTo(text);
            web.send(text.replace('x', 'y'));
            assertThat(tel.awaitLine(l -> l.contains("<web>"))).endsWith("<web> " + "y".repeat(4000));
        }
    }

    /**
     * The page's reconnect: a new WebSocket sends {@code /resume ROOM LAST_ID} and its name at
     * once, and gets exactly what it missed, nothing twice.
     */
    @Test
    void aReconnectWithResumeGetsWhatItMissedOnce() throws Exception {
        try (TestServer server = start();
             TestClient tel = TestClient.login(server.port(0), "tel")) {
            tel.send("/join dev");
            tel.awaitLine(l -> l.startsWith("*** You are in dev."));
            long lastSeen;
            try (WebUser web = WebUser.login(server.port(1), "web")) {
                web.send("/join dev");
                web.awaitEvent(Event.HistoryEnd.class);
                tel.send("before");
                lastSeen = web.awaitEvent(Event.Said.class, s -> s.text().equals("before")).id();
                web.send("/quit");
                assertThat(web.awaitClose()).startsWith("1000");
            }
            tel.awaitLine(l -> l.startsWith("*** web left dev"));
            tel.send("c1");
            tel.send("c2");

            try (WebUser web = WebUser.connect(server.port(1))) {
                web.send("/resume dev " + lastSeen);
                web.send("web");
                web.awaitEvent(Event.Hello.class);
                assertThat(web.nextEvent()).isInstanceOf(Event.Entered.class);
                Event.HistoryStart start = (Event.HistoryStart) web.nextEvent();
                assertThat(start.count()).isEqualTo(2);
                assertThat(start.since()).isEqualTo(lastSeen);
                assertThat(((Event.Said) web.nextEvent()).text()).isEqualTo("c1");
                assertThat(((Event.Said) web.nextEvent()).text()).isEqualTo("c2");
                assertThat(web.nextEvent()).isInstanceOf(Event.HistoryEnd.class);

                tel.send("live");
                assertThat(web.awaitEvent(Event.Said.class).text()).isEqualTo("live");
            }
        }
    }

    @Test
    void aPageOfThisServerMayConnectAnotherSitesMayNot() throws Exception {
        try (TestServer server = start()) {
            int port = server.port(1);
            try (WebUser own = new WebUser(port, "http://127.0.0.1:" + port)) {
                assertThat(own.nextEvent()).isInstanceOf(Event.Welcome.class);
            }
            assertThatThrownBy(() -> new WebUser(port, "http://evil.example"))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                            .isEqualTo(403));
        }
    }
}
