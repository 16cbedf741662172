package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat page against hostile or unusual input, in the real browser (as {@link BrowserIT}). */
@Timeout(180)
class BrowserHostileIT {

    private static final Path JAR = Path.of("target", "chatroom-server.jar");
    private static final Pattern LISTENING = Pattern.compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+) .*http=(\\w+).*");
    private static final String LINES = "return [...document.querySelectorAll('#messages li')]"
            + ".map(li => li.className + '|' + li.textContent)";

    private ChildProcess server;
    private WebDriver browser;
    private int textPort;
    private int httpPort;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(WebDriver.installed(), "chromium and chromedriver");
        assertThat(Files.isRegularFile(JAR)).isTrue();
        server = ChildProcess.server(List.of(ChildProcess.java(), "-jar", JAR.toString()),
                "--bind", "127.0.0.1", "--port", "0", "--http-port", "0");
        Map<Boolean, Integer> ports = new HashMap<>();
        while (ports.size() < 2) {
            Matcher m = LISTENING.matcher(server.await(line -> line.contains("event=listening")));
            assertThat(m.matches()).isTrue();
            ports.put(Boolean.parseBoolean(m.group(2)), Integer.parseInt(m.group(1)));
        }
        textPort = ports.get(false);
        httpPort = ports.get(true);
        browser = WebDriver.start(Path.of("target", "chromium-hostile"), 1100, 720);
    }

    @AfterEach
    void stop() throws Exception {
        try (ChildProcess s = server; WebDriver b = browser) {
            // both closed, the browser first
        }
    }

    private void enter(String name) throws InterruptedException {
        browser.open("http://127.0.0.1:" + httpPort + "/");
        WebDriver.Element field = browser.find("#name");
        field.clear();
        field.type(name + WebDriver.ENTER);
        WebDriver.await("the lobby", () -> browser.find("#where").text().equals("lobby"));
    }

    private List<String> lines() {
        return ((List<?>) browser.script(LINES)).stream().map(String.class::cast).toList();
    }

    /**
     * A line over the server's limit (4,096 bytes; here 2,100 characters, 4,200 bytes, as a
     * pasted paragraph in French might be) must be refused with words, as telnet's is, not cost
     * the user its connection: the server ends a WebSocket for an over-long message (1009).
     */
    @Test
    void aLineOverTheLimitDoesNotCostTheConnection() throws Exception {
        try (TestClient tess = TestClient.login(textPort, "tess")) {
            enter("alice");
            tess.awaitLine(line -> line.contains("alice joined"));
            browser.script("document.getElementById('input').value = '\u00e9'.repeat(2100)");
            browser.find("#input").type(WebDriver.ENTER);
            browser.find("#input").clear(); // the page may keep the line for the user to shorten
            browser.find("#input").type("still here" + WebDriver.ENTER);
            String next = tess.awaitLine(line -> line.contains("alice"));
            assertThat(next).as("tess's next line about alice").endsWith("<alice> still here");
            assertThat(lines()).noneMatch(line -> line.contains("Connection lost"));
        }
    }
    /**
     * A busy room: a thousand messages must not freeze the page. Each line used to read the
     * list's scrollHeight right after the last line was added, a forced layout of the whole list
     * per event (13 ms a line at a thousand lines here, growing with the list): 1,000 events
     * took 20 s, and a room saying 50 lines a second kept the tab busy for good.
     */
    @Test
    void aThousandMessagesDoNotFreezeThePage() throws Exception {
        browser.beforeEveryPage(CAPTURE_SOCKETS);
        enter("alice");
        Object ms = browser.script("""
                const s = window.__sockets.at(-1);
                const t0 = performance.now();
                for (let i = 0; i < 1000; i++) {
                  s.dispatchEvent(new MessageEvent('message', {data: JSON.stringify({type: 'said',
                    ts: new Date().toISOString(), id: 1e15 + i, room: 'lobby', from: 'u' + (i % 50), text: 'line ' + i})}));
                }
                return performance.now() - t0;""");
        assertThat(((Number) ms).doubleValue()).as("ms to show 1,000 messages").isLessThan(3000);
        WebDriver.await("the view follows the end", () -> (Boolean) browser.script("""
                const l = document.getElementById('messages');
                return l.scrollHeight - l.scrollTop - l.clientHeight < 48 && l.lastElementChild.textContent.endsWith('line 999');"""));
    }

    /**
     * The room list's refresh button before a name is chosen: the page sent /rooms and waited
     * for an answer to hide, which never came (the server said "Choose a name first"). Every
     * answer after that was matched to the wrong question: the page's own /help was shown in
     * the conversation, and the user's own /help, later, was hidden.
     */
    @Test
    void refreshingTheRoomsBeforeLoggingInDoesNotMixUpLaterAnswers() throws Exception {
        browser.open("http://127.0.0.1:" + httpPort + "/");
        WebDriver.await("the name question", () -> !browser.find("#name-rules").text().isEmpty());
        browser.find("#rooms-refresh").click();
        Thread.sleep(300);
        WebDriver.Element field = browser.find("#name");
        field.clear();
        field.type("alice" + WebDriver.ENTER);
        WebDriver.await("the lobby", () -> browser.find("#where").text().equals("lobby"));
        WebDriver.await("the room list", () -> browser.find("#rooms").text().contains("lobby"));
        Thread.sleep(300);
        assertThat(lines()).as("the page's own /help is not shown").noneMatch(line -> line.contains("Commands:"));
        browser.find("#input").type("/help" + WebDriver.ENTER);
        WebDriver.await("the answer to the user's /help shown", () -> lines().stream().anyMatch(line -> line.contains("Commands:")));
    }

    /**
     * Enter pressed twice on the name (a double click on the button): the page sent the name
     * again while the first was on its way, and the server, by then logged in, took the second
     * for a message, so the room was told the user's own name.
     */
    @Test
    void aNameSubmittedTwiceIsNotSaidToTheRoom() throws Exception {
        try (TestClient tess = TestClient.login(textPort, "tess")) {
            browser.open("http://127.0.0.1:" + httpPort + "/");
            WebDriver.await("the name question", () -> !browser.find("#name-rules").text().isEmpty());
            WebDriver.Element field = browser.find("#name");
            field.clear();
            field.type("alice" + WebDriver.ENTER + WebDriver.ENTER);
            WebDriver.await("the lobby", () -> browser.find("#where").text().equals("lobby"));
            browser.find("#input").type("first words" + WebDriver.ENTER);
            tess.awaitLine(line -> line.contains("alice joined"));
            assertThat(tess.awaitLine(line -> line.contains("<alice>"))).endsWith("<alice> first words");
        }
    }

    /**
     * Over 100 rooms (or 100 people in a room) the answer comes in pages, and the page never
     * forgot a room (a person) from an earlier answer: rooms emptied long ago stayed in the
     * side panel for good, since only a one-page answer started the list again.
     */
    @Test
    void aFirstPageOfRoomsStartsTheListAgain() throws Exception {
        browser.beforeEveryPage(CAPTURE_SOCKETS);
        enter("alice");
        WebDriver.await("the room list", () -> browser.find("#rooms").text().contains("lobby"));
        browser.script("""
                const s = window.__sockets.at(-1);
                const rooms = (names) => s.dispatchEvent(new MessageEvent('message', {data: JSON.stringify({type: 'rooms',
                  ts: new Date().toISOString(), count: 150, page: 1, pages: 2, rooms: names.map(n => ({name: n, count: 1}))})}));
                rooms(['gone1', 'gone2']);
                rooms(['still']);""");
        WebDriver.await("the second answer drawn", () -> browser.find("#rooms").text().contains("still"));
        assertThat(browser.find("#rooms").text()).doesNotContain("gone1");
    }

    /** Scrolled up to read, the view stays where it is while a busy room goes on, frame after frame. */
    @Test
    void scrolledUpTheViewStaysWhileLinesKeepComing() throws Exception {
        browser.beforeEveryPage(CAPTURE_SOCKETS);
        enter("alice");
        String said = """
                const s = window.__sockets.at(-1);
                window.__said = (from, n) => { for (let i = from; i < from + n; i++) {
                  s.dispatchEvent(new MessageEvent('message', {data: JSON.stringify({type: 'said',
                    ts: new Date().toISOString(), id: 1e15 + i, room: 'lobby', from: 'u' + (i % 50), text: 'line ' + i})})); } };
                window.__said(0, 300);""";
        browser.script(said);
        WebDriver.await("at the end", () -> (Boolean) browser.script(
                "const l = document.getElementById('messages'); return l.scrollTop > 0 && l.scrollHeight - l.scrollTop - l.clientHeight < 48"));
        browser.script("document.getElementById('messages').scrollTop = 100");
        Thread.sleep(100);
        browser.script("""
                let n = 300; const t = setInterval(() => { window.__said(n, 5); n += 5; if (n >= 500) clearInterval(t); }, 5);""");
        Thread.sleep(1500);
        assertThat(((Number) browser.script("return document.getElementById('messages').scrollTop")).doubleValue())
                .as("the view scrolled up to read").isBetween(90.0, 110.0);
        browser.find("#input").type("my own line" + WebDriver.ENTER);
        WebDriver.await("back at the end for one's own line", () -> (Boolean) browser.script("""
                const l = document.getElementById('messages');
                return l.scrollHeight - l.scrollTop - l.clientHeight < 48 && l.lastElementChild.textContent.endsWith('my own line');"""));
    }

    /** After /nick the page offers the new name next time, as it offers the first one after a login. */
    @Test
    void theNameOfferedNextTimeIsTheNameAfterNick() throws Exception {
        enter("alice");
        browser.find("#input").type("/nick alicia" + WebDriver.ENTER);
        WebDriver.await("renamed", () -> lines().stream().anyMatch(line -> line.contains("You are now known as alicia")));
        browser.open("about:blank");
        browser.open("http://127.0.0.1:" + httpPort + "/");
        assertThat(browser.find("#name").property("value")).isEqualTo("alicia");
    }

    /** After /quit a new login is a new visit: greeted as one, not taken for a reconnect of the old user. */
    @Test
    void aLoginAfterQuitIsGreeted() throws Exception {
        enter("alice");
        browser.find("#input").type("/quit" + WebDriver.ENTER);
        WebDriver.await("the name form", () -> browser.find("#login").property("hidden").equals(false));
        WebDriver.Element field = browser.find("#name");
        field.clear();
        field.type("bea" + WebDriver.ENTER);
        WebDriver.await("the lobby again", () -> lines().stream().filter(line -> line.contains("You are in lobby")).count() == 2);
        assertThat(lines()).anyMatch(line -> line.endsWith("Hello bea! Type /help for commands."));
    }

    /** Every WebSocket the page makes, kept where a test can reach it (to inject events). */
    private static final String CAPTURE_SOCKETS = """
            const Real = window.WebSocket;
            window.__sockets = [];
            window.WebSocket = function (url) { const s = new Real(url); window.__sockets.push(s); return s; };
            Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
            """;
}
