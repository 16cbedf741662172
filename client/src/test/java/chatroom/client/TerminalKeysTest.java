package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys that decide what leaves the terminal UI: Ctrl-C, pastes, and which lines the
 * history keeps. A JLine terminal on streams, typed into; the Ctrl-C window on a test clock.
 */
@Timeout(30)
class TerminalKeysTest {

    private static final String CTRL_C = "\u0003";
    private static final String CTRL_U = "\u0015";
    private static final String HINT = "Press Ctrl-C again";
    private static final String PASTE_START = "\u001b[200~";
    private static final String PASTE_END = "\u001b[201~";

    @TempDir
    Path dir;

    private long now;

    private TerminalUi ui(TestTerminal tt) {
        return new TerminalUi(tt.terminal, dir.resolve("history"), new MessageRenderer(false, ZoneOffset.UTC), new OnlineNames(),
                true, () -> now);
    }

    @Test
    void aCtrlCThatClearedADraftLongAgoDoesNotMakeTheNextOneLeave() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            CompletableFuture<String> read = CompletableFuture.supplyAsync(ui::read);
            tt.keyboard.type("a draft");
            tt.screen.await("a draft");
            tt.keyboard.type(CTRL_C);
            now += Duration.ofSeconds(10).toNanos();
            tt.keyboard.type(CTRL_C);
            tt.screen.await(HINT);
            assertThat(read).isNotDone();
            tt.keyboard.type(CTRL_C);
            assertThat(read.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the second, at once, leaves")
                    .isNull();
            assertThat(tt.screen.count(HINT)).isEqualTo(1);
        }
    }

    @Test
    void aKeyBetweenTheTwoStartsOver() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            CompletableFuture<String> read = CompletableFuture.supplyAsync(ui::read);
            tt.keyboard.type(CTRL_C);
            tt.screen.await(HINT);
            tt.keyboard.type("x" + CTRL_U + CTRL_C);
            Await.until(() -> "a second hint", () -> tt.screen.count(HINT) == 2);
            assertThat(read).isNotDone();
            tt.keyboard.type(CTRL_C);
            assertThat(read.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aSecondCtrlCTooLateAsksAgain() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            CompletableFuture<String> read = CompletableFuture.supplyAsync(ui::read);
            tt.keyboard.type(CTRL_C);
            tt.screen.await(HINT);
            now += TerminalUi.LEAVE_WINDOW.toNanos() + 1;
            tt.keyboard.type(CTRL_C);
            Await.until(() -> "a second hint", () -> tt.screen.count(HINT) == 2);
            assertThat(read).isNotDone();
            tt.keyboard.type("still here\r");
            assertThat(read.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("still here");
        }
    }

    @Test
    void aPasteOfSeveralLinesIsReadWholeAtOnceAndKeptInTheHistoryAsItsLines() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            tt.keyboard.type("draft: " + PASTE_START + "one\rtwo\rthree" + PASTE_END);
            assertThat(ui.read()).isEqualTo("draft: one\ntwo\nthree");
            tt.keyboard.type("typed\r");
            assertThat(ui.read()).isEqualTo("typed");
            ui.close();
            assertThat(Files.readAllLines(dir.resolve("history"), StandardCharsets.UTF_8))
                    .map(line -> line.substring(line.indexOf(':') + 1))
                    .containsExactly("draft: one", "two", "three", "typed");
        }
    }

    @Test
    void aBurstOfMentionsRingsTheBellOnce() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            for (int i = 0; i < 100; i++) {
                ui.alert();
            }
            now += TerminalUi.BELL_GAP.toNanos();
            ui.alert();
            assertThat(tt.screen.raw().chars().filter(c -> c == 7)).hasSize(2);
        }
    }

    @Test
    void aPasteWithinOneLineStaysToEdit() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            tt.keyboard.type(PASTE_START + "pasted" + PASTE_END + " and typed\r");
            assertThat(ui.read()).isEqualTo("pasted and typed");
        }
    }

    @Test
    void theAnswerToAQuestionAndTheNameTypedAtLoginAreNoOnesHistory() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            ui.state(new ClientState(ClientState.Phase.NAMING, "h:1", null, null, 0, 0));
            tt.keyboard.type("alice\r");
            assertThat(ui.read()).isEqualTo("alice");
            ui.state(new ClientState(ClientState.Phase.CHATTING, "h:1", "alice", "lobby", 1, 0));
            tt.keyboard.type("y\r");
            assertThat(ui.confirm("Paste 9 lines? [y/N] ")).isTrue();
            tt.keyboard.type("\r");
            assertThat(ui.confirm("Paste 9 lines? [y/N] ")).as("no is the default").isFalse();
            tt.keyboard.type("hello\r");
            assertThat(ui.read()).isEqualTo("hello");
            ui.close();
            assertThat(Files.readAllLines(dir.resolve("history"), StandardCharsets.UTF_8))
                    .singleElement().asString().endsWith("hello");
        }
    }

    /**
     * The password question comes while a line is being read (the name went, the answer came
     * after): what is typed from then on is drawn as stars, and neither the password nor a
     * password command typed later is kept in the history file.
     */
    @Test
    void aPasswordIsTypedMaskedAndNoPasswordIsHistory() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = ui(tt);
            ui.state(new ClientState(ClientState.Phase.LOGGING_IN, "h:1", null, null, 0, 0));
            java.util.concurrent.CompletableFuture<String> password =
                    java.util.concurrent.CompletableFuture.supplyAsync(ui::read);
            Await.until(() -> "the prompt", () -> tt.screen.text().contains("> "));
            ui.state(new ClientState(ClientState.Phase.PASSWORD, "h:1", null, null, 0, 0, 0, false, "alice"));
            Await.until(() -> "the password prompt", () -> tt.screen.text().contains(StatusBar.passwordPrompt("alice")));
            tt.keyboard.type("Pw-canary-1\r");
            assertThat(password.get(Await.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                    .isEqualTo("Pw-canary-1");
            assertThat(tt.screen.raw()).doesNotContain("Pw-canary-1").contains("***********");
            ui.state(new ClientState(ClientState.Phase.CHATTING, "h:1", "alice", "lobby", 1, 0));
            tt.keyboard.type("/passwd Pw-canary-1 Pw-canary-2\r");
            assertThat(ui.read()).isEqualTo("/passwd Pw-canary-1 Pw-canary-2");
            tt.keyboard.type("hello\r");
            assertThat(ui.read()).isEqualTo("hello");
            ui.close();
            assertThat(Files.readAllLines(dir.resolve("history"), StandardCharsets.UTF_8))
                    .singleElement().asString().endsWith("hello");
        }
    }
}
