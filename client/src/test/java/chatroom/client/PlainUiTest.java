package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PlainUiTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void readsLinesThenNullAtTheEnd() {
        PlainUi ui = new PlainUi(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)), out, err);
        assertThat(ui.read()).isEqualTo("one");
        assertThat(ui.read()).isEqualTo("two");
        assertThat(ui.read()).isNull();
        assertThat(ui.read()).isNull();
    }

    @Test
    void endingTheInputEndsAReadWaitingOnAnInputThatNeverEnds() throws Exception {
        try (PipedOutputStream keyboard = new PipedOutputStream();
             PipedInputStream in = new PipedInputStream(keyboard)) {
            PlainUi ui = new PlainUi(in, out, err);
            keyboard.write("first\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertThat(ui.read()).isEqualTo("first");
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(ui::read);
            ui.endInput();
            assertThat(waiting.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
            assertThat(ui.read()).isNull();
        }
    }

    @Test
    void theConversationGoesToStandardOutputAndNotesToStandardError() {
        PlainUi ui = new PlainUi(new ByteArrayInputStream(new byte[0]), out, err);
        ui.show(new org.jline.utils.AttributedString("<bob> hi"));
        ui.note("Reconnecting in 1.0 s.");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("<bob> hi" + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("--- Reconnecting in 1.0 s." + System.lineSeparator());
        assertThat(ui.interactive()).isFalse();
    }
}
