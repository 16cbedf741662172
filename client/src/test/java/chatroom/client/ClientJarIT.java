package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a person runs it: in a real terminal (a tmux pane, read back with
 * capture-pane), and in a pipe as a script runs it. Runs after {@code package}, in the
 * integration-test phase; {@code .ci/run} installs tmux.
 */
@Timeout(60)
class ClientJarIT {

    private static final int COLUMNS = 100;
    private static final int ROWS = 24;

    @TempDir
    Path dir;

    private LocalServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LocalServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (onPath("tmux")) {
            run("tmux", "-S", tmuxSocket(), "kill-server"); // fails harmlessly when no test started one
        }
        server.close();
    }

    @Test
    void incomingLinesAppearAboveTheHalfTypedLineWhichStaysIntact() throws Exception {
        assumeThat(onPath("tmux")).as("tmux is installed (.ci/run installs it)").isTrue();
        try (RawUser bob = RawUser.login(server.port(), "bob")) {
            // The shell stays to report the exit status: tmux shows none for a pane's own process here.
            String client = String.join(" ", quoted(java()), "-jar", quoted(jar()), "--host", "127.0.0.1",
                    "--port", String.valueOf(server.port()), "--name", "alice",
                    "--history-file", quoted(dir.resolve("history").toString()));
            tmux("new-session", "-d", "-s", "chat", "-x", String.valueOf(COLUMNS), "-y", String.valueOf(ROWS),
                    client + "; echo \"client exited with status $?\"; read forever");
            bob.awaitEnding("*** alice joined lobby");
            awaitPane(pane -> pane.inputLine().equals("alice@lobby>"));

            keys("-l", "half typed, not sent");
            awaitPane(pane -> pane.inputLine().equals("alice@lobby> half typed, not sent"));
            bob.send("a line from bob while alice types");

            Pane pane = awaitPane(p -> p.indexOf("<bob> a line from bob while alice types") >= 0);
            int incoming = pane.indexOf("<bob> a line from bob while alice types");
            assertThat(incoming).as("incoming line is above the input line").isLessThan(pane.inputRow);
            assertThat(pane.inputLine()).isEqualTo("alice@lobby> half typed, not sent");
            assertThat(pane.cursorX).as("cursor at the end of the typed text")
                    .isEqualTo("alice@lobby> half typed, not sent".length());
            assertThat(pane.lines.get(ROWS - 1)).as("status line")
                    .contains("connected to 127.0.0.1:" + server.port(), "alice in lobby, 2 here");

            keys("-l", " and now finished");
            keys("Enter");
            bob.awaitEnding("<alice> half typed, not sent and now finished");
            pane = awaitPane(p -> p.indexOf("<alice> half typed, not sent and now finished") >= 0
                    && p.inputLine().equals("alice@lobby>"));
            assertThat(pane.count("half typed, not sent and now finished")).as("own line shown once").isEqualTo(1);

            keys("-l", "thrown away");
            awaitPane(p -> p.inputLine().equals("alice@lobby> thrown away")); // read, so Ctrl-C finds it
            keys("C-c");
            awaitPane(p -> p.inputLine().equals("alice@lobby>"));
            keys("C-c");
            bob.awaitEnding("*** alice left lobby (quit)");
            awaitPane(p -> p.indexOf("client exited with status 0") >= 0);
        }
        assertThat(Files.readAllLines(dir.resolve("history"), StandardCharsets.UTF_8))
                .anyMatch(line -> line.endsWith("half typed, not sent and now finished"));
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

    /** What capture-pane shows, and where the cursor is. */
    private record Pane(List<String> lines, int cursorX, int inputRow) {

        String inputLine() {
            return lines.get(inputRow).stripTrailing();
        }

        int indexOf(String text) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i;
                }
            }
            return -1;
        }

        int count(String text) {
            return (int) lines.stream().filter(line -> line.contains(text)).count();
        }
    }

    private Pane capture() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(List.of(tmux("capture-pane", "-p", "-t", "chat").split("\n", -1)));
        while (lines.size() < ROWS) {
            lines.add("");
        }
        String[] cursor = tmux("display-message", "-p", "-t", "chat", "#{cursor_x} #{cursor_y}").strip().split(" ");
        return new Pane(lines, Integer.parseInt(cursor[0]), Integer.parseInt(cursor[1]));
    }

    private Pane awaitPane(Predicate<Pane> wanted) {
        Pane[] last = new Pane[1];
        return Await.until(() -> "the pane to match; it shows:\n" + (last[0] == null ? "" : String.join("\n", last[0].lines)),
                () -> {
                    try {
                        last[0] = capture();
                        return wanted.test(last[0]) ? last[0] : null;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    private void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "chat"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", tmuxSocket(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** A tmux server of this test's own, its socket in the test's directory, so nothing is left behind. */
    private String tmuxSocket() {
        return dir.resolve("tmux").toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("hung: " + String.join(" ", command));
        }
        return out;
    }

    private static String jar() {
        String jar = System.getProperty("chatroom.client.jar", "target/chatroom-client.jar");
        assertThat(Path.of(jar)).as("the client jar, built by `package`").exists();
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String quoted(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
