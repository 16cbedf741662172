package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.client.ClientState.Phase;
import chatroom.protocol.Event;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TerminalUiTest {

    /** Select Graphic Rendition: colours, bold, inverse and the rest, and their reset. */
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;:]*m");

    @TempDir
    Path dir;

    @Test
    void endingTheInputEndsTheLineBeingRead() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = new TerminalUi(tt.terminal, dir.resolve("history"),
                    new MessageRenderer(true, ZoneOffset.UTC), new OnlineNames());
            tt.keyboard.type("first\r");
            assertThat(ui.read()).isEqualTo("first");
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(ui::read);
            tt.keyboard.type("half typed");
            tt.screen.await("half typed");
            ui.endInput();
            assertThat(waiting.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
            assertThat(ui.read()).isNull();
            assertThat(ui.interactive()).isTrue();
        }
    }

    /**
     * The end of a run races the connection thread, which may change the state (the server's
     * goodbye) or show a line as {@link TerminalUi#close} runs: whatever comes once close has
     * started draws nothing, so no status line or prompt is drawn again after it was taken away.
     */
    @Test
    void onceClosedNothingIsDrawn() throws Exception {
        try (TestTerminal tt = new TestTerminal("screen")) {
            TerminalUi ui = new TerminalUi(tt.terminal, dir.resolve("history"),
                    new MessageRenderer(true, ZoneOffset.UTC), new OnlineNames());
            ui.state(new ClientState(Phase.CHATTING, "h:1", "alice", "lobby", 2, 0));
            tt.screen.await("h:1");
            ui.close();
            int closedAt = tt.screen.raw().length();
            ui.state(new ClientState(Phase.CHATTING, "h:1", "alice", "lobby", 1, 0));
            ui.show(new AttributedString("a line after the end"));
            assertThat(tt.screen.raw().substring(closedAt)).isEmpty();
        }
    }

    /** --no-color and NO_COLOR: JLine's completion menu, styled by default, is drawn plain too. */
    @Test
    void withoutColourTheCompletionMenuIsPlain() throws Exception {
        assertThat(completionMenu(true)).as("the menu in colour, as this test would see it").containsPattern(SGR);
        String plain = completionMenu(false);
        assertThat(plain).as(plain.replace("\u001b", "ESC")).doesNotContainPattern(SGR);
    }

    /** Everything drawn up to a Tab that lists the commands starting "/m" and the names for "/msg ". */
    private String completionMenu(boolean colour) throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            OnlineNames names = new OnlineNames();
            names.apply(new Event.Entered(null, "lobby", 3, List.of("alice", "bob", "carol")));
            TerminalUi ui = new TerminalUi(tt.terminal, dir.resolve("history"),
                    new MessageRenderer(colour, ZoneOffset.UTC), names);
            CompletableFuture<String> read = CompletableFuture.supplyAsync(ui::read);
            tt.keyboard.type("/m\t");
            tt.screen.await("/msg");
            tt.keyboard.type("sg \t");
            tt.screen.await("carol");
            tt.keyboard.type("\u0003"); // Ctrl-C: the line is given up, and with it the menu
            ui.endInput();
            read.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return tt.screen.raw();
        }
    }
}
