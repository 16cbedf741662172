package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the history tests do over a real socket, in JSON: say lines and keep their echoes, read
 * a room's whole log back with {@code /history} pages, and read the log's counters on
 * {@code /metrics}. Messages are compared as {@code "id text"} strings, so a failure shows
 * which id or text went wrong.
 */
final class HistoryPages {

    /** The most {@code /history} gives at once. */
    static final int PAGE = 200;
    private static final Pattern HTTP_LISTENING =
            Pattern.compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+) .*http=true.*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HistoryPages() {}

    /** A message as compared: its id and its text. */
    static String idText(Event.Said said) {
        return said.id() + " " + said.text();
    }

    static List<String> idTexts(List<Event.Said> messages) {
        return messages.stream().map(HistoryPages::idText).toList();
    }

    /** Says {@code prefix-0} .. {@code prefix-(n-1)} and returns their echoes, in order. */
    static List<Event.Said> say(TestClient client, String prefix, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            client.send(prefix + "-" + i);
        }
        List<Event.Said> echoes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = prefix + "-" + i;
            echoes.add(client.awaitEvent(Event.Said.class, s -> s.echo() && s.text().equals(text)));
        }
        return echoes;
    }

    /** The answer to {@code command} (a {@code /history}): its page event, then its messages. */
    record Page(Event.HistoryPage page, List<Event.Said> messages) {}

    static Page history(TestClient client, String command) throws IOException, InterruptedException {
        client.send(command);
        Event.HistoryPage page = client.awaitEvent(Event.HistoryPage.class);
        List<Event.Said> messages = new ArrayList<>();
        for (int i = 0; i < page.count(); i++) {
            Event event = client.nextEvent();
            assertThat(event).as("message %d of %s", i, page).isInstanceOf(Event.Said.class);
            messages.add((Event.Said) event);
        }
        assertThat(client.nextEvent()).as("the end of %s", page).isInstanceOf(Event.HistoryEnd.class);
        return new Page(page, messages);
    }

    /** A join's replay: its start event, then its messages. */
    record Replay(Event.HistoryStart start, List<Event.Said> messages) {}

    /** Skips lines until the replay of {@code room} on a join or {@code /resume}, and reads it. */
    static Replay replay(TestClient client, String room) throws InterruptedException {
        Event.HistoryStart start = client.awaitEvent(Event.HistoryStart.class, s -> s.room().equals(room));
        List<Event.Said> messages = new ArrayList<>();
        for (int i = 0; i < start.count(); i++) {
            Event event = client.nextEvent();
            assertThat(event).as("message %d of %s", i, start).isInstanceOf(Event.Said.class);
            messages.add((Event.Said) event);
        }
        assertThat(client.nextEvent()).as("the end of %s", start).isInstanceOf(Event.HistoryEnd.class);
        return new Replay(start, messages);
    }

    /** Every message of {@code room} that {@code /history} reaches, oldest first, paging back from the newest. */
    static List<Event.Said> all(TestClient client, String room) throws IOException, InterruptedException {
        List<Event.Said> all = new ArrayList<>();
        Page page = history(client, "/history " + PAGE);
        while (true) {
            all.addAll(0, page.messages());
            if (!page.page().more() || page.messages().isEmpty()) {
                return all;
            }
            page = history(client, "/history " + room + " " + page.messages().get(0).id() + " " + PAGE);
        }
    }

    /** The port of the HTTP listener of a server started with {@code --http-port}, from its log. */
    static int httpPort(ChildProcess server) throws InterruptedException {
        Matcher m = HTTP_LISTENING.matcher(server.await(line -> line.contains("event=listening")
                && line.contains("http=true")));
        assertThat(m.matches()).as("an HTTP listening line with a port").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The counter or gauge {@code name} (without the {@code chatroom_} prefix) on {@code /metrics}. */
    static long metric(int httpPort, String name) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String sample = "chatroom_" + name + " ";
        return answer.body().lines().filter(line -> line.startsWith(sample))
                .mapToLong(line -> Long.parseLong(line.substring(sample.length()).strip()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + sample + "on /metrics"));
    }

    /** Reads {@code name} on {@code /metrics} until it is {@code wanted}, failing after {@link TestClient#TIMEOUT}. */
    static long awaitMetric(int httpPort, String name, LongPredicate wanted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            long value = metric(httpPort, name);
            if (wanted.test(value)) {
                return value;
            }
            assertThat(System.nanoTime() - deadline).as("%s in time; last %d", name, value).isNegative();
            Thread.sleep(10);
        }
    }
}
