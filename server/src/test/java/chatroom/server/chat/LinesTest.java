package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinesTest {

    @Test
    void summaryWithJoinsAndLeaves() {
        assertThat(Lines.summary(2, 1, 4)).isEqualTo("*** 2 joined, 1 left (4 here)");
        assertThat(Lines.summary(3, 0, 10)).isEqualTo("*** 3 joined (10 here)");
        assertThat(Lines.summary(0, 5, 0)).isEqualTo("*** 5 left (0 here)");
        assertThat(Lines.summary(1234, 5678, 12345)).isEqualTo("*** 1,234 joined, 5,678 left (12,345 here)");
    }

    @Test
    void countsUseCommasWhateverTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(Lines.count(1_234_567)).isEqualTo("1,234,567");
        } finally {
            java.util.Locale.setDefault(saved);
        }
        assertThat(Lines.count(0)).isEqualTo("0");
        assertThat(Lines.count(999)).isEqualTo("999");
    }

    @Test
    void roomEntered() {
        assertThat(Lines.roomEntered("lobby", 1, List.of("alice"))).isEqualTo("*** You are in lobby. 1 here: alice");
        assertThat(Lines.roomEntered("dev", 3, List.of("a", "b")))
                .isEqualTo("*** You are in dev. 3 here: a, b and 1 more (/who lists all)");
    }

    @Test
    void historyHeaderIsSingularForOne() {
        assertThat(Lines.historyHeader(1, "dev")).isEqualTo("*** Last 1 message in dev:");
        assertThat(Lines.historyHeader(2, "dev")).isEqualTo("*** Last 2 messages in dev:");
    }

    @Test
    void everyServerLineStartsWithItsKind() {
        assertThat(List.of(Lines.welcome(), Lines.askName(), Lines.hello("a"), Lines.joined("a", "r"),
                Lines.left("a", "r", "x"), Lines.renamed("a", "b"), Lines.youAreNow("a"), Lines.bye(),
                Lines.shuttingDown(), Lines.who("r", List.of("a")), Lines.rooms(List.of("r (1)")),
                Lines.historyHeader(3, "r")))
                .allMatch(line -> line.startsWith("*** "));
        assertThat(List.of(Lines.invalidName("a b"), Lines.nameTaken("a"), Lines.alreadyIn("r"),
                Lines.invalidRoom("r r"), Lines.noSuchUser("x"), Lines.unknownCommand("x"), Lines.usage("/x"),
                Lines.nameFirst(), Lines.tooLong(10), Lines.loginTimeout(5)))
                .allMatch(line -> line.startsWith("!!! "));
        assertThat(Lines.HELP).allMatch(line -> line.startsWith("*** "));
    }
}
