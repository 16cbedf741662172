package chatroom.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jline.utils.AttributedString;

/**
 * Line mode for when standard input or output is not a terminal: lines in, lines out, no
 * editing, colour, prompt or status line. Standard output carries only the conversation
 * (the server's events, this user's own messages as the server echoes them, the history
 * markers), so a script can read it; the client's own notes go to standard error. Both
 * directions are UTF-8, as on the wire.
 *
 * <p>Input is read on a thread of its own into a queue, so that {@link #endInput} can end a
 * {@link #read} that waits on an input that may never end ({@code tail -f log | chatroom-client}):
 * a blocked read on standard input cannot be interrupted.
 */
final class PlainUi implements Ui {

    /** One line of input, or (no line) its end. */
    private record Input(String line) {}

    private static final Input END = new Input(null);

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final BlockingQueue<Input> lines = new LinkedBlockingQueue<>();
    /** Input thread only: whether the reading thread is started. */
    private boolean reading;
    private volatile boolean ended;

    PlainUi(InputStream in, OutputStream out, OutputStream err) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    @Override
    public void show(AttributedString line) {
        out.println(line);
    }

    @Override
    public void note(String text) {
        err.println(MessageRenderer.NOTE_MARK + text);
    }

    @Override
    public void state(ClientState state) {
        // Nowhere to show it without a terminal; notes tell of the changes that matter.
    }

    @Override
    public void alert() {
        // A script has no eye to draw; the line itself is on standard output.
    }

    /** Never asked: a script is not {@linkplain #interactive() interactive}, and its input means what it says. */
    @Override
    public boolean confirm(String question) {
        return true;
    }

    /** Lines, not keys, come from a pipe. */
    @Override
    public long keypresses() {
        return 0;
    }

    @Override
    public String read() {
        if (!reading) {
            reading = true;
            Thread thread = new Thread(this::readAll, "chatroom-input");
            thread.setDaemon(true); // may wait on standard input forever; must not keep the JVM up
            thread.start();
        }
        try {
            Input next = ended ? END : lines.take();
            if (next == END || ended) {
                lines.add(END); // for the next read
                return null;
            }
            return next.line();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void readAll() {
        try {
            String line;
            while ((line = in.readLine()) != null && !ended) {
                lines.add(new Input(line));
            }
        } catch (IOException e) {
            if (!ended) { // once ended, what happens to the input is no one's concern
                note("Cannot read input: " + e.getMessage());
            }
        }
        lines.add(END);
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void endInput() {
        ended = true;
        lines.add(END);
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
    }
}
