package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chatroom.protocol.Event;
import chatroom.protocol.NameColors;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat page in a real browser: Debian's headless Chromium, driven by {@link WebDriver},
 * against the packaged server jar with {@code --http-port}. A browser user and a telnet user
 * talk both ways, the browser user switches room with the keyboard, and the page's name
 * colours are the terminal client's; {@link UnderHostileInput} floods it, pastes past the
 * line limit, submits twice; {@link UnderModeration} has an operator (a telnet user with
 * {@code /oper}) kick people and register names. Screenshots (a desktop window and a phone) go to
 * {@code target/}. Skipped where Chromium is not installed, except in CI, where that fails.
 */
@Timeout(180)
class BrowserIT {

    private static final Path JAR = Path.of("target", "chatroom-server.jar");
    private static final Path SHOTS = Path.of("target");
    private static final Pattern LISTENING = Pattern.compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+) .*http=(\\w+).*");
    /** All of the page's message lines, each as "class names|text", for assertions that show the whole list on failure. */
    private static final String LINES = "return [...document.querySelectorAll('#messages li')]"
            + ".map(li => li.className + '|' + li.textContent)";

    @BeforeAll
    static void chromiumIsInstalled() {
        String missing = WebDriver.CHROMEDRIVER + " or " + WebDriver.CHROMIUM
                + " is missing: apt-get install chromium chromium-driver (.ci/run does)";
        if (!WebDriver.installed() && "true".equals(System.getenv("CI"))) {
            fail(missing);
        }
        Assumptions.assumeTrue(WebDriver.installed(), missing);
    }

    private static final TextCodec TEXT = new TextCodec(ZoneOffset.UTC);

    private ChildProcess server;
    private WebDriver browser;
    private int textPort;
    private int httpPort;

    @BeforeEach
    void startTheServerAndTheBrowser() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        // The test operator (cheap hashes), and a data dir so names can be registered; the page
        // is on 127.0.0.1, where it sends passwords, and the server takes them there only so.
        Path state = Files.createTempDirectory(Path.of("target"), "browser-it-");
        Path opers = state.resolve("opers");
        Files.writeString(opers, TestAccounts.OPERATOR + " " + TestAccounts.hash(TestAccounts.OPER_PASSWORD) + "\n");
        Files.setPosixFilePermissions(opers, PosixFilePermissions.fromString("rw-------"));
        server = ChildProcess.server(List.of(ChildProcess.java(), "-jar", JAR.toString()),
                "--bind", "127.0.0.1", "--port", "0", "--http-port", "0", "--oper-file", opers.toString(),
                "--data-dir", state.resolve("data").toString(), "--allow-plaintext-passwords");
        Map<Boolean, Integer> ports = ports(server);
        textPort = ports.get(false);
        httpPort = ports.get(true);
        browser = WebDriver.start(SHOTS.resolve("chromium"), 1100, 720);
    }

    @AfterEach
    void stop() throws Exception {
        try (ChildProcess s = server; WebDriver b = browser) {
            // both closed, the browser first
        }
    }

    @Test
    void aBrowserUserChatsWithATelnetUserAndSwitchesRoom() throws Exception {
        try (TestClient tess = TestClient.login(textPort, "tess")) {
            browser.open(page());

            // A taken name: the server's own words, and the name form stays for another.
            WebDriver.Element name = browser.find("#name");
            name.clear();
            name.type("tess" + WebDriver.ENTER);
            String taken = Problem.NAME_TAKEN.event(null, "tess").text();
            WebDriver.await("the refusal under the name field", () -> browser.find("#name-error").text().equals(taken));
            enter("alice");
            assertThat(browser.focused().property("id")).as("the message box has the focus").isEqualTo("input");
            assertThat(tess.awaitLine(line -> line.contains("alice"))).isEqualTo("*** alice joined lobby");

            browser.find("#input").type("hello from the browser" + WebDriver.ENTER);
            assertThat(tess.awaitLine(line -> line.contains("<alice>"))).endsWith("<alice> hello from the browser");
            tess.send("hello back, alice");
            awaitLine(browser, "said mention|", "<tess> hello back, alice"); // naming alice: highlighted
            tess.send("/me waves");
            awaitLine(browser, "action|", "* tess waves");
            tess.send("/msg alice lunch at noon?");
            awaitLine(browser, "private|", "*tess* lunch at noon?");

            // tess's name is drawn in the terminal client's colour for tess.
            Object drawn = browser.script("const from = [...document.querySelectorAll('#messages .from')]"
                    + ".find(s => s.textContent === 'tess'); return getComputedStyle(from).color");
            assertThat(drawn).isEqualTo(rgb(NameColors.css("tess")));
            List<String> names = randomNames(500);
            assertThat(browser.script("return arguments[0].map(n => window.chatroom.colourOf(n))", names))
                    .isEqualTo(names.stream().map(NameColors::css).toList());

            // Keyboard only: Tab completes the command, Enter goes to the room.
            WebDriver.Element input = browser.find("#input");
            input.type("/jo" + WebDriver.TAB);
            assertThat(input.property("value")).isEqualTo("/join ");
            input.type("dev" + WebDriver.ENTER);
            WebDriver.await("room dev", () -> browser.find("#where").text().equals("dev"));
            assertThat(tess.awaitLine(line -> line.contains("alice left"))).isEqualTo("*** alice left lobby (moved to dev)");
            WebDriver.await("dev in the room list, as the room alice is in",
                    () -> browser.findAll("#rooms button[aria-current=true]").stream().anyMatch(b -> b.text().startsWith("dev")));

            // A hidden tab counts what calls for alice in its title, until she looks again.
            browser.script("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})");
            tess.send("/join dev");
            tess.send("are you here, alice?");
            awaitLine(browser, "said mention|", "<tess> are you here, alice?");
            assertThat(browser.title()).isEqualTo("(1) dev \u00b7 chatroom");
            browser.script("delete document.hidden; document.dispatchEvent(new Event('visibilitychange'))");
            assertThat(browser.title()).isEqualTo("dev \u00b7 chatroom");
            WebDriver.await("tess among the members", () -> browser.find("#members").text().contains("tess"));
            browser.screenshot(SHOTS.resolve("browser-chat.png"));
            browser.resize(390, 844);
            browser.screenshot(SHOTS.resolve("browser-phone.png"));

            // Closing the tab leaves the room.
            browser.open("about:blank");
            assertThat(tess.awaitLine(line -> line.contains("alice left"))).isEqualTo("*** alice left dev (quit)");
        }
    }

    @Test
    void aDroppedConnectionComesBackToItsRoomWithoutRepeatingALine() throws Exception {
        // Every WebSocket the page makes is kept where the test can close it, and while
        // __refuse is set a new one goes to a path the server answers with 404, as a server
        // that is down for a moment.
        browser.beforeEveryPage("""
                const Real = window.WebSocket;
                window.__sockets = [];
                window.__refuse = false;
                window.WebSocket = function (url) {
                  const socket = new Real(window.__refuse ? url + '-refused' : url);
                  window.__sockets.push(socket);
                  return socket;
                };
                Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
                """);
        try (TestClient tom = TestClient.login(textPort, "tom")) {
            browser.open(page());
            enter("bea");
            browser.find("#input").type("/join dev" + WebDriver.ENTER);
            WebDriver.await("room dev", () -> browser.find("#where").text().equals("dev"));
            tom.send("/join dev");
            tom.send("before the drop");
            awaitLine(browser, "said|", "<tom> before the drop");

            browser.script("window.__refuse = true; window.__sockets.at(-1).close()");
            tom.awaitLine(line -> line.startsWith("*** bea left dev ("));
            tom.send("while bea is away");
            browser.find("#input").type("typed while offline" + WebDriver.ENTER);
            browser.script("window.__refuse = false");

            // Back by itself, in dev (not the lobby), with what it missed, and its queued line sent.
            assertThat(tom.awaitLine(line -> line.contains("bea"))).isEqualTo("*** bea joined dev");
            assertThat(tom.awaitLine(line -> line.contains("<bea>"))).endsWith("<bea> typed while offline");
            awaitLine(browser, "said own|", "<bea> typed while offline");
            assertThat(browser.find("#where").text()).isEqualTo("dev");
            List<?> lines = (List<?>) browser.script(LINES);
            assertThat(lines.stream().filter(line -> ((String) line).endsWith("<tom> before the drop"))).hasSize(1);
            assertThat(lines.stream().filter(line -> ((String) line).endsWith("<tom> while bea is away"))).hasSize(1);
        }
    }

    @Test
    void earlierMessagesComeFromTheLogAboveTheReplay() throws Exception {
        int said = 45; // more than the 20 replayed on entering, within what flood control lets through quickly
        try (TestClient bob = TestClient.login(textPort, "bob")) {
            for (int i = 1; i <= said; i++) {
                bob.send("m" + i);
            }
            bob.send("/ping");
            bob.awaitLine(line -> line.equals(TEXT.encode(new Event.Pong(null)))); // after all of them: one connection's lines are taken in order
            browser.open(page());
            enter("alice");
            awaitLine(browser, "said replayed|", "<bob> m" + said);
            WebDriver.await("the earlier-messages button", () -> browser.find("#earlier").displayed());

            browser.find("#earlier").click();

            WebDriver.await("m1, from the log", () -> lines().stream().anyMatch(line -> line.endsWith("<bob> m1")));
            List<String> bobs = lines().stream().filter(line -> line.contains("<bob> m"))
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= said; i++) {
                expected.add("m" + i);
            }
            assertThat(bobs).as("every message once, in order: the page above the replay").isEqualTo(expected);
            WebDriver.await("no button once the log has nothing older", () -> !browser.find("#earlier").displayed());
        }
    }

    private String page() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** Types a name the server takes and waits for the lobby. */
    private void enter(String name) throws InterruptedException {
        WebDriver.Element field = browser.find("#name");
        field.clear();
        field.type(name + WebDriver.ENTER);
        WebDriver.await("the lobby", () -> browser.find("#where").text().equals("lobby"));
    }

    /** The text port (false) and the HTTP port (true), from the server's two "listening" lines. */
    private static Map<Boolean, Integer> ports(ChildProcess server) throws InterruptedException {
        Map<Boolean, Integer> ports = new HashMap<>();
        while (ports.size() < 2) {
            Matcher m = LISTENING.matcher(server.await(line -> line.contains("event=listening")));
            assertThat(m.matches()).as("a listening line with a port").isTrue();
            ports.put(Boolean.parseBoolean(m.group(2)), Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    /** Waits for a message line with exactly these classes whose text ends so (after its time). */
    private static void awaitLine(WebDriver browser, String classes, String textEnd) throws InterruptedException {
        WebDriver.await("a line \"" + classes + "..." + textEnd + "\"", () -> ((List<?>) browser.script(LINES)).stream()
                .map(String.class::cast).anyMatch(line -> line.startsWith(classes) && line.endsWith(textEnd)));
    }

    /** Names as the server allows them (1-24 of letters, digits, _ and -), any case. */
    private static List<String> randomNames(int n) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder name = new StringBuilder();
            for (int length = 1 + random.nextInt(24); name.length() < length; ) {
                name.append(chars.charAt(random.nextInt(chars.length())));
            }
            names.add(name.toString());
        }
        return names;
    }

    /** "#d7af00" as getComputedStyle writes it: "rgb(215, 175, 0)". */
    private static String rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return "rgb(" + (v >> 16) + ", " + (v >> 8 & 0xff) + ", " + (v & 0xff) + ")";
    }

    /** The page's message lines, each as "class names|text". */
    private List<String> lines() {
        return ((List<?>) browser.script(LINES)).stream().map(String.class::cast).toList();
    }

    /** The page against hostile or unusual input: floods, long lines, double submits, many rooms. */
    @Nested
    class UnderHostileInput {

        /** Opens the page and types a name the server takes. */
        private void openAndEnter(String name) throws InterruptedException {
            browser.open(page());
            enter(name);
        }

        /**
         * A line over the server's limit (4,096 bytes; here 2,100 characters, 4,200 bytes, as a
         * pasted paragraph in French might be) must be refused with words, as telnet's is, not cost
         * the user its connection: the server ends a WebSocket for an over-long message (1009).
         */
        @Test
        void aLineOverTheLimitDoesNotCostTheConnection() throws Exception {
            try (TestClient tess = TestClient.login(textPort, "tess")) {
                openAndEnter("alice");
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
            openAndEnter("alice");
            Object ms = browser.script("""
                    const s = window.__sockets.at(-1);
                    const t0 = performance.now();
                    for (let i = 0; i < 1000; i++) {
                      s.dispatchEvent(new MessageEvent('message', {data: JSON.stringify({type: 'said',
                        ts: new Date().toISOString(), id: 1e15 + i, room: 'lobby', from: 'u' + (i % 50), text: 'line ' + i})}));
                    }
                    return performance.now() - t0;""");
            // A smoke bound, far from what the page takes (well under a second) and from the 20 s a
            // layout of the whole list per line took: it catches that, not a slower machine.
            assertThat(((Number) ms).doubleValue()).as("ms to show 1,000 messages").isLessThan(10_000);
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
            browser.open(page());
            WebDriver.await("the name question", () -> !browser.find("#name-rules").text().isEmpty());
            browser.find("#rooms-refresh").click();
            WebDriver.Element field = browser.find("#name");
            field.clear();
            field.type("alice" + WebDriver.ENTER);
            WebDriver.await("the lobby", () -> browser.find("#where").text().equals("lobby"));
            WebDriver.await("the room list", () -> browser.find("#rooms").text().contains("lobby"));
            browser.find("#input").type("/help" + WebDriver.ENTER);
            WebDriver.await("the answer to the user's /help shown", () -> lines().stream().anyMatch(line -> line.contains("Commands:")));
            // The server answers in order, so the page's own /help, asked at login, has come by now:
            // shown, it would make two.
            assertThat(lines()).as("the user's /help shown, the page's own not").filteredOn(line -> line.contains("Commands:"))
                    .hasSize(1);
        }

        /**
         * Enter pressed twice on the name (a double click on the button): the page sent the name
         * again while the first was on its way, and the server, by then logged in, took the second
         * for a message, so the room was told the user's own name.
         */
        @Test
        void aNameSubmittedTwiceIsNotSaidToTheRoom() throws Exception {
            try (TestClient tess = TestClient.login(textPort, "tess")) {
                browser.open(page());
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
            openAndEnter("alice");
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
            openAndEnter("alice");
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
            WebDriver.await("the last line", () -> lines().stream().anyMatch(line -> line.endsWith("line 499")));
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
            openAndEnter("alice");
            browser.find("#input").type("/nick alicia" + WebDriver.ENTER);
            WebDriver.await("renamed", () -> lines().stream().anyMatch(line -> line.contains("You are now known as alicia")));
            browser.open("about:blank");
            browser.open(page());
            assertThat(browser.find("#name").property("value")).isEqualTo("alicia");
        }

        /** After /quit a new login is a new visit: greeted as one, not taken for a reconnect of the old user. */
        @Test
        void aLoginAfterQuitIsGreeted() throws Exception {
            openAndEnter("alice");
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

    /** An operator at work, seen from the page: kicks, and a registered name at login. */
    @Nested
    class UnderModeration {

        /** A telnet user called {@code name}, made operator with the test account. */
        private TestClient operator(String name) throws Exception {
            return operator(TestClient.login(textPort, name));
        }

        private TestClient operator(TestClient oper) throws Exception {
            oper.send("/oper " + TestAccounts.OPERATOR + " " + TestAccounts.OPER_PASSWORD);
            oper.awaitLine(line -> line.startsWith("*** You are now an operator"));
            return oper;
        }

        /** The page's text of a notice: TextCodec's line without its "*** ", so the page and telnet say the same. */
        private String notice(Event event) {
            return TEXT.encode(event).substring(TextCodec.NOTICE.length());
        }

        @Test
        void aKickedNeighbourIsToldOfAndLeavesTheMemberList() throws Exception {
            try (TestClient tess = TestClient.login(textPort, "tess"); TestClient olga = operator("olga")) {
                browser.open(page());
                enter("bea");
                WebDriver.await("tess among the members", () -> browser.find("#members").text().contains("tess"));
                olga.send("/kick tess spam");
                awaitLine(browser, "notice mod|", notice(new Event.Kicked(null, "lobby", "tess", "olga", "spam", false)));
                assertThat(lines()).contains("notice mod|tess left lobby, kicked by olga (spam)");
                WebDriver.await("tess gone from the members", () -> !browser.find("#members").text().contains("tess"));
                assertThat(browser.find("#members").text()).contains("bea").contains("olga");
                assertThat(browser.find("#count").text()).isEqualTo("(2)");

                olga.send("/topic lobby Be nice");
                awaitLine(browser, "notice mod|", "olga set the topic of lobby to: Be nice");
                olga.send("/wall Restart at noon");
                awaitLine(browser, "wall|", "[operator olga to everyone] Restart at noon");
                olga.send("/mute bea 10m");
                awaitLine(browser, "notice mod|", notice(new Event.Muted(java.time.Instant.EPOCH, "lobby", "bea", "olga",
                        java.time.Instant.EPOCH.plusSeconds(600), true)));
            }
        }

        /** A ban: the page says so and stops; tried again by hand, the page learns of the 403 and says why, once. */
        @Test
        void aBannedPageSaysSoAndStopsKnocking() throws Exception {
            // From another loopback address: a ban may not hold the operator's own.
            try (TestClient olga = operator(TestClient.login(TestClient.connectFrom("127.0.0.2", textPort), "olga"))) {
                browser.open(page());
                enter("bea");
                olga.awaitLine("*** bea joined lobby");
                olga.send("/ban bea 10m flooding");
                awaitLine(browser, "notice away|", "You are banned from this server by olga for 10 min (flooding)");
                WebDriver.await("the name form", () -> browser.find("#login").property("hidden").equals(false));
                assertThat(browser.find("#status").text()).isEqualTo("banned");

                browser.find("#name").type(WebDriver.ENTER); // bea again, by hand: refused before the WebSocket
                WebDriver.await("the server's reason", () -> lines().stream()
                        .anyMatch(line -> line.startsWith("error away|You are banned from this server until ")));
                Thread.sleep(3000);
                assertThat(lines()).filteredOn(line -> line.startsWith("error away|")).hasSize(1);
                assertThat(browser.find("#status").text()).isEqualTo("banned");
            }
        }

        /** /oper on the page: Tab then completes the operator commands, and a name after /kick. */
        @Test
        void anOperatorOnThePageCompletesTheOperatorCommands() throws Exception {
            try (TestClient tess = TestClient.login(textPort, "tess")) {
                browser.open(page());
                enter("bea");
                WebDriver.Element input = browser.find("#input");
                input.type("/ki" + WebDriver.TAB);
                assertThat(input.property("value")).as("no /kick for a user").isEqualTo("/ki");
                input.clear();
                input.type("/oper " + TestAccounts.OPERATOR + " " + TestAccounts.OPER_PASSWORD + WebDriver.ENTER);
                awaitLine(browser, "notice|", "You are now an operator (type /help for the operator commands)");
                WebDriver.await("the operator's command list", () -> {
                    input.clear();
                    input.type("/ki" + WebDriver.TAB);
                    return input.property("value").equals("/kick ");
                });
                input.type("te" + WebDriver.TAB);
                assertThat(input.property("value")).isEqualTo("/kick tess ");
                input.clear();
                input.type(WebDriver.ARROW_UP);
                assertThat(input.property("value")).as("the /oper line is not recalled").isNotEqualTo(
                        "/oper " + TestAccounts.OPERATOR + " " + TestAccounts.OPER_PASSWORD);
            }
        }

        @Test
        void aKickedPageSaysSoAndDoesNotComeBack() throws Exception {
            browser.beforeEveryPage(UnderHostileInput.CAPTURE_SOCKETS);
            try (TestClient olga = operator("olga")) {
                browser.open(page());
                enter("bea");
                olga.awaitLine("*** bea joined lobby");
                olga.send("/kick bea enough");
                awaitLine(browser, "notice away|", notice(new Event.Kicked(null, "lobby", "bea", "olga", "enough", true)));
                assertThat(olga.awaitLine(line -> line.contains("bea"))).isEqualTo("*** bea left lobby, kicked by olga (enough)");
                WebDriver.await("the name form, to come back by choice", () -> browser.find("#login").property("hidden").equals(false));
                assertThat(browser.find("#status").text()).isEqualTo("kicked");
                // Well past the first reconnect delays (0.25-0.5 s, then 0.5-1 s): nothing comes back.
                olga.assertNoLine(line -> line.contains("bea"), Duration.ofSeconds(3));
                assertThat(((Number) browser.script("return window.__sockets.length")).intValue())
                        .as("WebSockets the page opened").isEqualTo(1);
                assertThat(lines()).noneMatch(line -> line.contains("Connection lost"))
                        .filteredOn(line -> line.contains("You are in lobby")).hasSize(1);
                assertThat(browser.find("#status").text()).isEqualTo("kicked");
            }
        }

        /**
         * A registered name at login: the page asked for a name again and again (the server's
         * password question fell to the page's default), and its name form hung. Now it asks for
         * the password in a masked field, shows a wrong one's refusal, and logs in with the right one.
         */
        @Test
        void aRegisteredNameAsksForItsPasswordOnThePage() throws Exception {
            try (TestClient owner = TestClient.login(textPort, "rita")) {
                owner.send("/register rita-Pw-123");
                owner.awaitLine(line -> line.startsWith("*** The name rita is registered to you"));
                owner.send("/quit");
                owner.awaitEof();
            }
            browser.open(page());
            WebDriver.await("the name question", () -> !browser.find("#name-rules").text().isEmpty());
            WebDriver.Element field = browser.find("#name");
            field.clear();
            field.type("rita" + WebDriver.ENTER);
            WebDriver.await("the password field", () -> browser.find("#password-row").property("hidden").equals(false));
            assertThat(browser.find("#name-error").text()).startsWith("The name rita is registered: give its password within ");
            assertThat(browser.find("#password").property("type")).isEqualTo("password");
            assertThat(browser.focused().property("id")).isEqualTo("password");

            browser.find("#password").type("not-the-Pw-1" + WebDriver.ENTER);
            String wrong = Problem.PASSWORD_WRONG.event(null, "rita").text();
            WebDriver.await("the refusal", () -> browser.find("#name-error").text().equals(wrong));
            WebDriver.await("the name form again", () -> browser.find("#password-row").property("hidden").equals(true));

            browser.find("#name").type(WebDriver.ENTER); // rita again
            WebDriver.await("the password field again", () -> browser.find("#password-row").property("hidden").equals(false));
            browser.find("#password").type("rita-Pw-123" + WebDriver.ENTER);
            WebDriver.await("the lobby", () -> browser.find("#where").text().equals("lobby"));
            assertThat(lines()).contains("notice|You are identified as rita")
                    .noneMatch(line -> line.contains("rita-Pw-123") || line.contains("not-the-Pw-1"));
            assertThat(browser.script("return JSON.stringify(Object.assign({}, localStorage))").toString())
                    .doesNotContain("Pw");
        }
    }
}
