package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import chatroom.server.tls.SelfSignedCertificate;
import chatroom.server.tls.ServerIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar as a person runs it: in a real terminal (a {@link Tmux} pane, read back
 * with capture-pane), and in a pipe as a script runs it. Runs after {@code package}, in the
 * integration-test phase; {@code .ci/run} installs tmux.
 */
@Timeout(60)
class ClientJarIT {

    private static final int COLUMNS = 100;
    private static final int ROWS = 24;
    /** A second JDK to run the jar with where one is installed: Java 22+ takes JLine's FFM provider, 17 its JNI one. */
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final String DRAFT = "alice@lobby> half typed, not sent";

    @TempDir
    Path dir;

    private LocalServer server;
    private Tmux tmux;

    @BeforeEach
    void startServer() throws IOException {
        server = LocalServer.start();
        tmux = new Tmux(dir);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            tmux.close();
        } finally {
            server.close();
        }
    }

    @Test
    void incomingLinesAppearAboveTheHalfTypedLineWhichStaysIntact() throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            // The shell stays to report the exit status: tmux shows none for a pane's own process here.
            Tmux.Pane pane = tmux.start("chat", COLUMNS, ROWS,
                    client(java(), "alice") + "; echo \"client exited with status $?\"; read forever");
            bob.awaitEnding("*** alice joined lobby");
            pane.await(s -> s.cursorRow().equals("alice@lobby>"));

            pane.type("half typed, not sent");
            pane.await(s -> s.cursorRow().equals(DRAFT));
            bob.send("a line from bob while alice types");

            // Drawn, and the input line after it with the cursor back at its end: a capture can
            // fall inside JLine's redraw, with the row already written and the cursor not yet
            // moved (seen once in CI), so the wait is for the finished frame; a cursor left
            // elsewhere fails the wait.
            Tmux.Shot shot = pane.await(s -> s.indexOf("<bob> a line from bob while alice types") >= 0
                    && s.cursorRow().equals(DRAFT) && s.cursorX() == DRAFT.length());
            int incoming = shot.indexOf("<bob> a line from bob while alice types");
            assertThat(incoming).as("incoming line is above the input line").isLessThan(shot.cursorY());
            assertThat(shot.cursorRow()).isEqualTo(DRAFT);
            assertThat(shot.cursorX()).as("cursor at the end of the typed text").isEqualTo(DRAFT.length());
            assertThat(shot.lastRow()).as("status line")
                    .contains("alice in lobby, 2 here", "127.0.0.1:" + server.port());

            pane.type(" and now finished");
            pane.keys("Enter");
            bob.awaitEnding("<alice> half typed, not sent and now finished");
            shot = pane.await(s -> s.indexOf("<alice> half typed, not sent and now finished") >= 0
                    && s.cursorRow().equals("alice@lobby>"));
            assertThat(shot.count("half typed, not sent and now finished")).as("own line shown once").isEqualTo(1);

            pane.type("thrown away");
            pane.await(s -> s.cursorRow().equals("alice@lobby> thrown away")); // read, so Ctrl-C finds it
            pane.keys("C-c");
            pane.await(s -> s.cursorRow().equals("alice@lobby>"));
            pane.keys("C-c");
            pane.await(s -> s.indexOf("Press Ctrl-C again") >= 0);
            pane.keys("C-c");
            bob.awaitEnding("*** alice left lobby (quit)");
            pane.await(s -> s.indexOf("client exited with status 0") >= 0);
        }
        assertThat(Files.readAllLines(dir.resolve("history-alice"), StandardCharsets.UTF_8))
                .anyMatch(line -> line.endsWith("half typed, not sent and now finished"));
    }

    /**
     * A paste of many lines is asked about first (no is the default); said yes to, it goes out
     * whole and in order, and each line is shown once, when the server has taken it.
     */
    @Test
    void aLongPasteIsSentOnlyAfterTheUserSaysYes() throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            Tmux.Pane pane = tmux.start("paste", COLUMNS, ROWS, client(java(), "alice") + "; read forever");
            bob.awaitEnding("*** alice joined lobby");
            pane.await(s -> s.cursorRow().equals("alice@lobby>"));
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                lines.add("pasted line " + i);
            }
            String clipboard = String.join("\n", lines) + "\n";

            pane.paste(clipboard);
            pane.await(s -> s.cursorRow().equals("Paste 12 lines? [y/N]"));
            pane.keys("Enter");
            pane.await(s -> s.indexOf("--- Paste of 12 lines not sent.") >= 0 && s.cursorRow().equals("alice@lobby>"));

            pane.paste(clipboard);
            pane.await(s -> s.cursorRow().equals("Paste 12 lines? [y/N]"));
            pane.type("y");
            pane.keys("Enter");
            for (String line : lines) {
                bob.awaitEnding("<alice> " + line);
            }
            Tmux.Shot shot = pane.await(s -> s.indexOf("<alice> pasted line 12") >= 0);
            for (String line : lines) {
                long shown = IntStream.range(0, shot.height()).filter(r -> shot.row(r).endsWith("<alice> " + line)).count();
                assertThat(shown).as("shown once, from the echo: " + line + "\n" + shot).isEqualTo(1);
            }
            assertThat(bob.seen()).as("nothing of the refused paste went out")
                    .filteredOn(line -> line.contains("<alice> pasted line")).hasSize(lines.size());
        }
    }

    /**
     * Shorter, narrower, taller, wider: after each, what others say goes on above the draft,
     * the status line stays on the last row, and, at the end, every line said is on the screen
     * or in the scrollback, once.
     */
    @ParameterizedTest
    @MethodSource("javas")
    void resizingLosesNoLineNorTheStatusLineNorTheDraft(String java) throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            Tmux.Pane pane = tmux.start("chat", COLUMNS, 30, client(java, "alice") + "; read forever");
            bob.awaitEnding("*** alice joined lobby");
            pane.await(s -> s.cursorRow().equals("alice@lobby>") && statusAtBottom(s));
            pane.type("half typed, not sent");
            pane.await(s -> s.cursorRow().equals(DRAFT));
            List<String> said = new ArrayList<>();
            say(bob, pane, said, "filling the screen", 40);

            int[][] sizes = {{COLUMNS, 20}, {60, 20}, {60, 14}, {COLUMNS, 30}, {120, 18}, {COLUMNS, 24}};
            for (int[] size : sizes) {
                int columns = size[0];
                int rows = size[1];
                pane.resize(columns, rows);
                // Until the client has drawn, the pane shows what tmux made of the old screen.
                awaitLog("alice", "event=terminal_resized columns=" + columns + " rows=" + rows);
                pane.await(s -> s.width() == columns && s.height() == rows && statusAtBottom(s)
                        && s.cursorRow().equals(DRAFT) && s.cursorX() == DRAFT.length());
                say(bob, pane, said, "after a resize to " + columns + "x" + rows, 3);
            }

            List<String> everything = pane.everything();
            for (String line : said) {
                assertThat(everything).as("shown or in the scrollback, once: " + line)
                        .filteredOn(row -> row.endsWith("<bob> " + line)).hasSize(1);
            }
            assertThat(pane.everythingStyled()).as("one status line, no leftovers")
                    .filteredOn(row -> row.contains("\u001b[7m")).hasSize(1);
        }
    }

    /** Lines from {@code bob}, each awaited on screen above the intact draft, the status line below it. */
    private void say(RawUser bob, Tmux.Pane pane, List<String> said, String what, int count) throws IOException {
        for (int i = 1; i <= count; i++) {
            bob.send(what + " " + i);
            said.add(what + " " + i);
        }
        String last = "<bob> " + what + " " + count;
        Tmux.Shot shot = pane.await(s -> s.indexOf(last) >= 0 && s.cursorRow().equals(DRAFT));
        assertThat(shot.indexOf(last)).as("the last line said, above the input line:\n" + shot)
                .isLessThan(shot.cursorY());
        assertThat(statusAtBottom(shot)).as("the status line on the last row:\n" + shot).isTrue();
        for (int i = Math.max(1, count - 2); i <= count; i++) {
            assertThat(shot.count("<bob> " + what + " " + i)).as("on screen once:\n" + shot).isEqualTo(1);
        }
    }

    /** The ways a user's run ends. */
    enum Leaving {
        CTRL_D, CTRL_C_TWICE, QUIT, SIGTERM
    }

    /**
     * Six clients leave at once (the server's goodbye, and the redraw it brings, racing each
     * one's exit): in every pane the shell then writes from column 0 of a fresh line, its
     * output scrolls the whole screen (no scrolling region left), and no status line is left
     * on the screen or in the scrollback.
     */
    @ParameterizedTest
    @EnumSource(Leaving.class)
    void leavingGivesTheTerminalBackAsItWas(Leaving how) throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        List<Tmux.Pane> panes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            panes.add(tmux.start("c" + i, COLUMNS, ROWS, client(java(), "user" + i)
                    + "; echo \"client exited with status $?\"; seq -f 'shell line %g' 1 29;"
                    + " printf 'shell line 30'; read forever"));
        }
        for (int i = 0; i < panes.size(); i++) {
            String prompt = "user" + i + "@lobby>";
            panes.get(i).await(s -> s.cursorRow().equals(prompt) && statusAtBottom(s));
            if (how == Leaving.SIGTERM) {
                panes.get(i).type("a draft"); // the cursor is mid-line when the signal comes
                panes.get(i).await(s -> s.cursorRow().equals(prompt + " a draft"));
            }
        }
        for (Tmux.Pane pane : panes) {
            switch (how) {
                case CTRL_D -> pane.keys("C-d");
                case CTRL_C_TWICE -> pane.keys("C-c", "C-c");
                case QUIT -> {
                    pane.type("/quit");
                    pane.keys("Enter");
                }
                case SIGTERM -> ProcessHandle.of(pane.pid()).orElseThrow().children().forEach(ProcessHandle::destroy);
            }
        }
        String exited = "client exited with status " + (how == Leaving.SIGTERM ? 143 : 0);
        for (Tmux.Pane pane : panes) {
            Tmux.Shot shot = pane.await(s -> s.indexOf("shell line 30") >= 0);
            List<String> everything = pane.everything();
            assertThat(everything).as("the shell's first line starts a line of its own:\n" + shot)
                    .filteredOn(row -> row.contains("client exited")).containsExactly(exited);
            assertThat(shot.lastRow()).as("the shell's output reaches the last row:\n" + shot)
                    .isEqualTo("shell line 30");
            assertThat(pane.everythingStyled()).as("no status line left:\n" + shot)
                    .noneMatch(row -> row.contains("\u001b[7m"));
        }
    }

    /**
     * Adversarial review, finding 2: a Ctrl-C while the client waits for a goodbye that does
     * not come (the tty is not in raw mode then, so it is a real SIGINT) ended the JVM with the
     * status line and the scrolling region left on the screen. It leaves at once, cleanly.
     */
    @Test
    void aCtrlCWhileWaitingForTheGoodbyeLeavesAtOnceAndCleanly() throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            Thread listening = new Thread(() -> {
                try (Socket s = silent.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        heard.add(line);
                    }
                } catch (IOException e) {
                    // the test is over
                }
            }, "silent-server");
            listening.setDaemon(true);
            listening.start();
            Tmux.Pane pane = tmux.start("hush", COLUMNS, ROWS, client(java(), "alice", silent.getLocalPort())
                    + "; echo \"client exited with status $?\"; seq -f 'shell line %g' 1 29;"
                    + " printf 'shell line 30'; read forever");
            Await.until(() -> "the name sent", () -> heard.contains("alice"));
            pane.await(s -> statusAtBottom(s));
            pane.type("/quit");
            pane.keys("Enter");
            Await.until(() -> "the goodbye sent", () -> heard.contains("/quit"));
            pane.keys("C-c");
            Tmux.Shot shot = pane.await(s -> s.indexOf("shell line 30") >= 0);
            assertThat(pane.everything()).as("left with SIGINT's status, from column 0:\n" + shot)
                    .filteredOn(row -> row.contains("client exited")).containsExactly("client exited with status 130");
            assertThat(shot.lastRow()).as("the shell's output reaches the last row:\n" + shot).isEqualTo("shell line 30");
            assertThat(pane.everythingStyled()).as("no status line left:\n" + shot)
                    .noneMatch(row -> row.contains("\u001b[7m"));
        }
    }

    /**
     * TERM=dumb: the tty itself echoes and edits what is typed, and JLine sees it only on
     * Enter. A line from someone else must not be written over the draft, leaving its tail
     * glued to the end of the incoming line; and the draft, still the tty's, goes out whole.
     */
    @Test
    void onADumbTerminalAnIncomingLineKeepsNoneOfTheDraftOnIt() throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            Tmux.Pane pane = tmux.start("dumb", COLUMNS, ROWS, "TERM=dumb " + client(java(), "alice") + "; read forever");
            bob.awaitEnding("*** alice joined lobby");
            pane.await(s -> s.cursorRow().equals("alice@lobby>"));
            pane.type("a much longer half typed line here");
            pane.await(s -> s.cursorRow().equals("alice@lobby> a much longer half typed line here"));

            bob.send("x");
            Tmux.Shot shot = pane.await(s -> s.indexOf("<bob> x") >= 0 && s.cursorRow().equals("alice@lobby>"));
            assertThat(shot.row(shot.indexOf("<bob> x"))).as("the incoming line alone:\n" + shot).endsWith("<bob> x");
            assertThat(shot.indexOf("half typed")).as("no remains of the draft:\n" + shot).isEqualTo(-1);

            pane.type(" and more");
            pane.keys("Enter");
            bob.awaitEnding("<alice> a much longer half typed line here and more");
        }
    }

    /**
     * The launcher a person types, over TLS to a server's self-signed certificate pinned by the
     * fingerprint its log shows, chatting with a plain text user on the server's other port.
     */
    @Test
    void theLauncherChatsOverTlsWithAPinnedFingerprint() throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        ServerIdentity identity = SelfSignedCertificate.generate();
        Path launcher = Path.of(jar()).toAbsolutePath().getParent().getParent().getParent().resolve("bin/chatroom-client");
        try (LocalServer tls = LocalServer.withTls(identity);
             RawUser bob = RawUser.login(tls.port(), "bob")) {
            Tmux.Pane pane = tmux.start("tls", COLUMNS, ROWS, "XDG_CACHE_HOME=" + Tmux.quoted(dir.resolve("cache").toString())
                    + " " + Tmux.quoted(launcher.toString()) + " --host 127.0.0.1 --port " + tls.tlsPort()
                    + " --tls --tls-fingerprint " + identity.fingerprint() + " --name alice"
                    + " --history-file " + Tmux.quoted(dir.resolve("history-alice").toString())
                    + "; echo \"client exited with status $?\"; read forever");
            bob.awaitEnding("*** alice joined lobby");
            pane.await(s -> s.cursorRow().equals("alice@lobby>"));
            bob.send("hello from plain text");
            pane.await(s -> s.indexOf("<bob> hello from plain text") >= 0);
            pane.type("hello over tls");
            pane.keys("Enter");
            bob.awaitEnding("<alice> hello over tls");
            pane.type("/quit");
            pane.keys("Enter");
            pane.await(s -> s.indexOf("client exited with status 0") >= 0);
        }
    }

    /** The jar over UDP to the server's UDP port, chatting with a user on its TCP port; the status line says UDP. */
    @Test
    void overUdpItChatsWithATcpUserAndTheStatusLineSaysUdp() throws Exception {
        assumeThat(Tmux.installed()).as("tmux is installed (.ci/run installs it)").isTrue();
        try (LocalServer udp = LocalServer.withUdp();
             RawUser bob = RawUser.login(udp.port(), "bob")) {
            Tmux.Pane pane = tmux.start("udp", COLUMNS, ROWS, client(java(), "alice", udp.udpPort())
                    + " --udp; echo \"client exited with status $?\"; read forever");
            bob.awaitEnding("*** alice joined lobby");
            String server = "127.0.0.1:" + udp.udpPort() + " (UDP)";
            pane.await(s -> s.cursorRow().equals("alice@lobby>") && s.lastRow().contains(server));
            bob.send("hello over tcp");
            pane.await(s -> s.indexOf("<bob> hello over tcp") >= 0);
            pane.type("hello over udp");
            pane.keys("Enter");
            bob.awaitEnding("<alice> hello over udp");
            pane.type("/quit");
            pane.keys("Enter");
            bob.awaitEnding("*** alice left lobby (quit)");
            pane.await(s -> s.indexOf("client exited with status 0") >= 0);
        }
    }

    @Test
    void inAPipeItIsAPlainLineClient() throws Exception {
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            Process client = new ProcessBuilder(java(), "-jar", jar(), "--port", String.valueOf(server.port()),
                    "--history-file", dir.resolve("history").toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            client.getOutputStream().write("carol\nhello from a script\n/quit\n".getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().close();
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(client.exitValue()).as(out).isZero();
            assertThat(out).contains("*** Hello carol! Type /help for commands.", "<carol> hello from a script",
                    "*** Bye!").doesNotContain("\u001b");
            assertThat(new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            bob.awaitEnding("<carol> hello from a script");
        }
    }

    @Test
    void inAPipeATakenNameExitsNonZeroWithTheReasonThoughInputStaysOpen() throws Exception {
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            Process client = new ProcessBuilder(java(), "-jar", jar(), "--port", String.valueOf(server.port()),
                    "--name", "bob", "--history-file", dir.resolve("history").toString())
                    .start(); // its standard input is a pipe this test never closes
            try {
                assertThat(client.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
                assertThat(client.exitValue()).isEqualTo(1);
                assertThat(new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("--- Not logged in: The name bob is taken, try another" + System.lineSeparator());
            } finally {
                client.destroyForcibly();
            }
        }
    }

    /** The command that runs the jar as {@code name}, each name with a history file of its own. */
    private String client(String java, String name) {
        return client(java, name, server.port());
    }

    private String client(String java, String name, int port) {
        return String.join(" ", Tmux.quoted(java), "-jar", Tmux.quoted(jar()), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--name", name,
                "--history-file", Tmux.quoted(dir.resolve("history-" + name).toString()),
                "--log-file", Tmux.quoted(log(name).toString()));
    }

    private Path log(String name) {
        return dir.resolve("log-" + name);
    }

    private void awaitLog(String name, String text) {
        Await.until(() -> "\"" + text + "\" in the log of " + name, () -> {
            try {
                return Files.exists(log(name)) && Files.readString(log(name)).contains(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A status line on the last row: what it says is StatusBar's, how it is drawn (reverse video) is JLine's. */
    private static boolean statusAtBottom(Tmux.Shot shot) {
        return shot.reverse(shot.height() - 1) && !shot.lastRow().isBlank();
    }

    private static String jar() {
        String jar = System.getProperty("chatroom.client.jar", "target/chatroom-client.jar");
        assertThat(Path.of(jar)).as("the client jar, built by `package`").exists();
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JDK the build runs on, and JDK 25 too where it is installed and not that one. */
    static Stream<String> javas() {
        boolean another = Files.isExecutable(JDK_25) && !Path.of(java()).toAbsolutePath().startsWith(JDK_25.getParent().getParent());
        return another ? Stream.of(java(), JDK_25.toString()) : Stream.of(java());
    }
}
