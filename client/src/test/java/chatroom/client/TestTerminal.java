package chatroom.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * A JLine terminal on streams, of type {@code ansi} unless told: the test types on
 * {@link #keyboard} and reads what was drawn from {@link #screen}, escape sequences and all.
 */
final class TestTerminal implements AutoCloseable {

    /** CSI sequences (cursor moves, colours, erases), ESC 7 / ESC 8, OSC strings. */
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b[78=>]|\u001b][^\u0007]*\u0007");

    final Keyboard keyboard = new Keyboard();
    final Screen screen = new Screen();
    final Terminal terminal;

    TestTerminal() throws IOException {
        this("ansi");
    }

    /** @param type a terminfo name: {@code screen} has the scrolling region a status line needs, {@code ansi} not */
    TestTerminal(String type) throws IOException {
        terminal = new DumbTerminal("test", type, keyboard, screen, StandardCharsets.UTF_8);
        terminal.setSize(Size.of(120, 40));
        // As on a real terminal: Ctrl-C interrupts and Ctrl-D ends input; JLine binds the keys from these.
        Attributes attributes = terminal.getAttributes();
        attributes.setControlChar(Attributes.ControlChar.VINTR, 3);
        attributes.setControlChar(Attributes.ControlChar.VEOF, 4);
        terminal.setAttributes(attributes);
    }

    @Override
    public void close() throws IOException {
        keyboard.unplug();
        try {
            terminal.close();
        } catch (IllegalStateException e) {
            // Closed already, by the UI under test: a second close throws once a status line exists.
        }
    }

    /** Keys typed by the test; blocks the terminal's reader until there are some. */
    static final class Keyboard extends InputStream {
        private static final int UNPLUGGED = -1;
        private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();

        void type(String text) {
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                keys.add(b & 0xff);
            }
        }

        void unplug() {
            keys.add(UNPLUGGED);
        }

        @Override
        public int read() throws IOException {
            try {
                int key = keys.take();
                if (key == UNPLUGGED) {
                    keys.add(UNPLUGGED);
                }
                return key;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** Blocks for the first byte only, then takes what is already there. */
        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int first = read();
            if (first < 0) {
                return -1;
            }
            buffer[offset] = (byte) first;
            int n = 1;
            Integer next;
            while (n < length && (next = keys.peek()) != null && next != UNPLUGGED) {
                buffer[offset + n++] = (byte) (int) keys.poll();
            }
            return n;
        }

        @Override
        public int available() {
            return keys.size();
        }
    }

    /** Everything drawn, kept; {@link #text()} is it without escape sequences. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String raw() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        String text() {
            return ESCAPES.matcher(raw()).replaceAll("");
        }

        /** Waits until {@code expected} has been drawn. */
        void await(String expected) {
            Await.until(() -> "the screen to show \"" + expected + "\"; it shows:\n" + text(),
                    () -> text().contains(expected));
        }

        int count(String expected) {
            String text = text();
            int count = 0;
            for (int at = text.indexOf(expected); at >= 0; at = text.indexOf(expected, at + 1)) {
                count++;
            }
            return count;
        }
    }
}
