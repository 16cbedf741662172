package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConnectionTest {

    /**
     * Adversarial review, finding 1: a server that stopped reading (stopped, flooded) made a
     * send block in the socket's write while the session held its lock, and the whole client
     * froze. Far more than the socket buffers hold goes to the writer thread without waiting.
     */
    @Test
    void sendNeverWaitsForAServerThatStoppedReading() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConnection connection = new ServerConnection("127.0.0.1", server.getLocalPort(), null, new RecordingListener(),
                    ClientRun.quickBackoff());
            connection.open();
            try (Socket accepted = server.accept()) { // and never read from
                String line = "x".repeat(4_000);
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    for (int i = 0; i < 4_000; i++) { // 16 MB: many times what loopback buffers hold
                        assertThat(connection.send(line)).isTrue();
                    }
                });
            } finally {
                connection.hangUp();
            }
        }
    }
}
