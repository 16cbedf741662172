package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;

/**
 * The terminal the client builds asks the real terminal nothing at start. An answer is typed
 * input as far as the terminal is concerned: one that comes after JLine stopped waiting
 * (a loaded machine, a slow ssh link) lands in the user's first line as {@code ;1R}.
 */
class TerminalQueryTest {

    /** A keyboard nobody types on, as a terminal that never answers a query. */
    private static final class Silent extends InputStream {
        @Override
        public int read() throws IOException {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    @Test
    void buildingTheTerminalSendsNoQuery() throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = ChatClient.terminalBuilder().system(false).type("xterm-256color")
                .streams(new Silent(), screen).build()) {
            terminal.flush();
        }
        String sent = screen.toString(StandardCharsets.UTF_8);
        assertThat(sent).as("a DECRQM mode query (CSI ? Pn $ p)").doesNotContainPattern("\u001b\\[\\?\\d+\\$p");
        assertThat(sent).as("a cursor position request (CSI 6 n)").doesNotContain("\u001b[6n");
    }
}
