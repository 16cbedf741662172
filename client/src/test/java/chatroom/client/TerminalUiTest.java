package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TerminalUiTest {

    @TempDir
    Path dir;

    @Test
    void endingTheInputEndsTheLineBeingRead() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            TerminalUi ui = new TerminalUi(tt.terminal, dir.resolve("history"),
                    new MessageRenderer(true, ZoneOffset.UTC), List::of);
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
}
