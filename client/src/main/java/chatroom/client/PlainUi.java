package chatroom.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jline.utils.AttributedString;

/**
 * Line mode for when standard input or output is not a terminal: lines in, lines out, no
 * editing, colour, prompt or status line. Standard output carries only the conversation
 * (the server's lines and this user's own messages), so a script can read it; the client's
 * own notes go to standard error. Both directions are UTF-8, as on the wire.
 */
final class PlainUi implements Ui {

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;

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
    public String read() {
        try {
            return in.readLine();
        } catch (IOException e) {
            note("Cannot read input: " + e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
    }
}
