package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, finding 1: one address, within every documented limit, must not exhaust the
 * server's memory. Runs the real jar with small explicit heap and direct-memory limits, so
 * the attack is quick and an OutOfMemoryError would show at once; before the total output
 * budget, the same test killed the server with "Direct buffer memory".
 */
@Timeout(120)
class MemoryExhaustionIT {

    private static final Path JAR = Path.of("target", "chatroom-server.jar");
    private static final String PADDING = "x".repeat(4000);

    /**
     * Readers that stop, each kept just under its own 1 MiB cap by re-joining rooms with long
     * histories (every replay is encoded for them alone): together far more than the memory
     * the server has. The heaviest are cut off, a canary pair in a room of its own keeps
     * talking throughout, and the process lives.
     */
    @Test
    void readersThatStopAreCutOffByTheTotalOutputBudget() throws Exception {
        List<String> log = attack("output budget");
        assertThat(log).noneMatch(line -> line.contains("why=\"out of memory\""));
    }

    /**
     * The last line of defence: with the budget set far above the memory there is, the direct
     * buffers do run out; the loop sheds the heaviest readers instead of dying.
     */
    @Test
    void withoutABudgetRunningOutOfMemoryShedsLoadAndServesOn() throws Exception {
        attack("out of memory", "--max-total-output-bytes", "100000000000");
    }

    /** Runs the attack; returns the server's log after the shedding it expects. */
    private List<String> attack(String shedReason, String... serverArgs) throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        List<String> launch = List.of(ChildProcess.java(), "-Xmx128m", "-XX:MaxDirectMemorySize=48m",
                "-XX:+UseSerialGC", "-jar", JAR.toString());
        List<TestClient> clients = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--flood-rate", "0",
                "--max-per-ip", "1000", "--connect-rate", "1000", "--connect-burst", "1000", "--history", "20"));
        args.addAll(List.of(serverArgs));
        try (ChildProcess server = ChildProcess.server(launch, args.toArray(String[]::new))) {
            int port = server.awaitListeningPort();
            for (String room : List.of("h1", "h2")) {
                TestClient seed = TestClient.login(port, "seed" + room);
                clients.add(seed);
                seed.send("/join " + room);
                for (int i = 0; i < 20; i++) {
                    seed.send(i + PADDING);
                }
                seed.send("/who");
                seed.awaitLine(line -> line.startsWith("*** 1 in " + room));
            }
            TestClient talker = TestClient.login(port, "talker");
            TestClient listener = TestClient.login(port, "listener");
            clients.add(talker);
            clients.add(listener);
            talker.send("/join canary");
            listener.send("/join canary");
            listener.awaitLine(line -> line.startsWith("*** You are in canary"));

            List<TestClient> stalled = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                TestClient c = TestClient.connectNonReading(port, 4096);
                clients.add(c);
                stalled.add(c);
                c.send("stalled" + i);
            }
            // 60 readers x 80 replays of 80 KB = 384 MB of output for nobody: the kernel takes the
            // first few MB of each (its send buffer grows up to 4 MB), the server would have to hold
            // the rest, far more than the 48 MB of direct memory it has. A canary line every round.
            for (int round = 0; round < 80; round++) {
                for (TestClient c : stalled) {
                    try {
                        c.send(round % 2 == 0 ? "/join h1" : "/join h2");
                    } catch (java.io.IOException cutOff) {
                        // Cut off as a slow consumer, as it should be: nothing more to send it.
                    }
                }
                talker.send("canary " + round);
                String expected = "<talker> canary " + round;
                listener.awaitLine(line -> line.endsWith(expected));
            }

            server.await(line -> line.contains("event=output_shed why=\"" + shedReason + "\""));
            talker.send("/who");
            assertThat(talker.awaitLine(line -> line.contains(" in canary: "))).isEqualTo("*** 2 in canary: listener, talker");
            List<String> log = server.drain();
            assertThat(log).noneMatch(line -> line.contains("loop_failed"));
            assertThat(server.process().isAlive()).isTrue();
            return log;
        } finally {
            for (TestClient client : clients) {
                client.close();
            }
        }
    }
}
