package chatroom.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's line mode as a script drives it, for tests of the whole client: a keyboard the
 * test types on (open until {@link #close}), and what the client showed and noted.
 */
final class ScriptedUi implements AutoCloseable {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PipedOutputStream keyboard = new PipedOutputStream();

    /** A new UI reading what {@link #type} types. */
    PlainUi ui() throws IOException {
        return new PlainUi(new PipedInputStream(keyboard), out, err);
    }

    void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Standard output: the conversation. */
    String shown() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error: the client's own notes. */
    String notes() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void awaitShown(String text) {
        Await.until(() -> "\"" + text + "\" shown; shown:\n" + shown() + "\nnotes:\n" + notes(),
                () -> shown().contains(text));
    }

    void awaitNoted(String text) {
        Await.until(() -> "\"" + text + "\" noted; notes:\n" + notes(), () -> notes().contains(text));
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
    }
}
