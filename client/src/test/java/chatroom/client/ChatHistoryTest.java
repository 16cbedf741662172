package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.History;
import org.junit.jupiter.api.Test;

class ChatHistoryTest {

    private boolean skipping;
    private final ChatHistory history = new ChatHistory(() -> skipping);

    private List<String> kept() {
        List<String> lines = new ArrayList<>();
        for (History.Entry entry : history) {
            lines.add(entry.line());
        }
        return lines;
    }

    @Test
    void aLineThatCarriesAPasswordIsNeverKept() {
        history.add(Instant.EPOCH, "hello\n/identify alice hunter2hunter2\n/oper root s3cret-pw\n/passwd a-old-pw b-new-pw");
        history.add(Instant.EPOCH, "/register hunter2hunter2");
        history.add(Instant.EPOCH, "/IDENTIFY hunter2hunter2");

        assertThat(kept()).containsExactly("hello");
    }

    @Test
    void aPrivateLineIsNotKeptAndAPastedBlockIsKeptAsItsLines() {
        skipping = true;
        history.add(Instant.EPOCH, "alice");
        skipping = false;
        history.add(Instant.EPOCH, "one\n\ntwo");

        assertThat(kept()).containsExactly("one", "two");
    }
}
