package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Out of file descriptors, accept fails while connections wait in the backlog. The server
 * must keep serving the clients it has, and take the waiting ones as descriptors free up.
 *
 * <p>An integration test (failsafe, after {@code package}) because it runs the real jar:
 * from a directory of classes, loading a class opens a file, so a test on the class path
 * would fail on the test set-up's lazy class loading rather than on anything a user can hit.
 */
@Timeout(60)
class FileDescriptorExhaustionIT {

    private static final Path JAR = Path.of("target", "chatroom-server.jar");

    @Test
    void runningOutOfDescriptorsPausesAcceptingAndRecovers() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        // -XX:-MaxFDLimit keeps the JVM from raising the limit the shell set.
        List<String> launch = List.of("sh", "-c", "ulimit -n 96 && exec \"$0\" \"$@\"",
                ChildProcess.java(), "-XX:-MaxFDLimit", "-jar", JAR.toString());
        List<TestClient> clients = new ArrayList<>();
        // Every client comes from 127.0.0.1: lift the per-address limits, which are not what this is about.
        try (ChildProcess server = ChildProcess.server(launch, "--port", "0", "--bind", "127.0.0.1",
                "--max-per-ip", "1000", "--connect-rate", "1000", "--connect-burst", "1000")) {
            int port = server.awaitListeningPort();
            for (int i = 0; i < 120; i++) {
                clients.add(TestClient.connect(port)); // the kernel completes these into the backlog
            }
            server.await(line -> line.contains("event=accept_failed") && line.contains("Too many open files"));
            long firstFailure = System.nanoTime();

            TestClient first = clients.get(0);
            first.awaitLine(line -> line.startsWith("*** What is your name?"));
            first.send("first");
            first.awaitLine(line -> line.startsWith("*** You are in lobby."));

            // Stay out of descriptors for a measured second. Accepting pauses after a failure
            // instead of retrying at once: a spinning loop would log hundreds of failures in it,
            // the 250 ms pause about four. (A measurement window, not a wait for an event.)
            Thread.sleep(1000);
            long failures = server.drain().stream().filter(line -> line.contains("event=accept_failed")).count();
            double seconds = (System.nanoTime() - firstFailure) / 1e9;
            assertThat(failures / seconds).as("accept failures per second").isLessThan(20);

            TestClient last = clients.get(clients.size() - 1);
            for (int i = 1; i < 80; i++) {
                clients.get(i).close();
            }
            last.awaitLine(line -> line.startsWith("*** What is your name?"));
            first.send("/who");
            assertThat(first.awaitLine(line -> line.contains(" in lobby: "))).isEqualTo("*** 1 in lobby: first");
        } finally {
            for (TestClient client : clients) {
                client.close();
            }
        }
    }
}
