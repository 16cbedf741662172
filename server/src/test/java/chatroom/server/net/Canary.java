package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

/**
 * Two plain clients in a room no bad client is in, on the server's first (text) listener: the
 * hostile tests' proof that the loop keeps serving everyone else (delivery is asserted, never
 * a time).
 */
record Canary(TestClient speaker, TestClient listener) implements AutoCloseable {

    static Canary in(TestServer server) throws IOException {
        TestClient speaker = TestClient.login(server.port(0), "canary");
        TestClient listener = TestClient.login(server.port(0), "listener");
        speaker.send("/join canaries");
        speaker.awaitLine(line -> line.startsWith("*** You are in canaries."));
        listener.send("/join canaries");
        speaker.awaitLine("*** listener joined canaries");
        return new Canary(speaker, listener);
    }

    /** One line across: the loop is still serving the plain port. */
    void chirp(String text) throws IOException {
        speaker.send(text);
        assertThat(listener.awaitLine(line -> line.contains("<canary>"))).endsWith("<canary> " + text);
    }

    @Override
    public void close() throws IOException {
        speaker.close();
        listener.close();
    }
}
