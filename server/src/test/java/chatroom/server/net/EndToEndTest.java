package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real thing: the Debian {@code nc} and {@code telnet} binaries as users, and the server
 * as its own process stopped by SIGTERM. {@code .ci/run} installs both binaries.
 */
@Timeout(60)
class EndToEndTest {

    @Test
    void anNcUserAndATelnetUserChat() throws Exception {
        assumeThat(onPath("nc")).as("nc is installed (.ci/run installs netcat-openbsd)").isTrue();
        assumeThat(onPath("telnet")).as("telnet is installed (.ci/run installs it)").isTrue();
        try (TestServer server = TestServer.start();
             Tool nc = Tool.start("nc", "127.0.0.1", String.valueOf(server.port()));
             Tool telnet = Tool.start("telnet", "127.0.0.1", String.valueOf(server.port()))) {
            nc.await(line -> line.startsWith("*** What is your name?"));
            nc.type("alice");
            nc.await(line -> line.equals("*** You are in lobby. 1 here: alice"));

            telnet.await(line -> line.startsWith("*** What is your name?"));
            telnet.type("bob");
            telnet.await(line -> line.equals("*** You are in lobby. 2 here: alice, bob"));
            nc.await(line -> line.equals("*** bob joined lobby"));

            nc.type("hi bob, from nc");
            assertThat(telnet.await(line -> line.contains("<alice>"))).endsWith("<alice> hi bob, from nc");
            telnet.type("hello alice, from telnet");
            assertThat(nc.await(line -> line.contains("<bob>"))).endsWith("<bob> hello alice, from telnet");

            telnet.type("/quit bye");
            telnet.await(line -> line.equals("*** Bye!"));
            nc.await(line -> line.equals("*** bob left lobby (quit: bye)"));
        }
    }

    @Test
    void sigtermTellsClientsAndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "chatroom.server.ChatServer", "--port", "0", "--bind", "127.0.0.1")
                .redirectErrorStream(true);
        builder.environment().put("CHATROOM_LOG_LEVEL", "INFO"); // the test classpath's logback-test.xml reads it
        Process server = builder.start();
        try (Tool log = Tool.attach(server)) {
            Matcher listening = Pattern.compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+).*")
                    .matcher(log.await(line -> line.contains("event=listening")));
            assertThat(listening.matches()).isTrue();
            int port = Integer.parseInt(listening.group(1));
            try (TestClient alice = TestClient.login(port, "alice")) {
                // Process.destroy() would send SIGTERM too, but it also closes our end of the
                // child's output, and the test wants to read the log to the end.
                assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor())
                        .isZero();
                assertThat(alice.awaitEof()).containsExactly("*** Server shutting down, bye!");
            }
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            log.await(line -> line.contains("event=stopped"));
        } finally {
            server.destroyForcibly();
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** A child process whose output is read line by line on a thread of its own. */
    private static final class Tool implements AutoCloseable {
        private final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Tool(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            Thread reader = new Thread(() -> pump(process.getInputStream()), "tool-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Tool start(String... command) throws IOException {
            return new Tool(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        static Tool attach(Process process) {
            return new Tool(process);
        }

        private void pump(InputStream in) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }

        void type(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        String await(Predicate<String> wanted) throws InterruptedException {
            List<String> skipped = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(line).as("a matching line in time; saw %s", skipped).isNotNull();
                if (wanted.test(line)) {
                    return line;
                }
                skipped.add(line);
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
