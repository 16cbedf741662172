package chatroom.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.server.auth.Registration;
import chatroom.server.auth.TestHashes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameFileTest {

    private static final Instant AT = Instant.parse("2026-12-02T07:00:00Z");
    private static final String HASH = TestHashes.of("alice-password");

    @Test
    void aRoundTripGivesTheSameNames() {
        List<Registration> names = List.of(new Registration("alice", HASH, AT),
                new Registration("Bob_2", TestHashes.of("bob-password"), AT.plusSeconds(1)));

        List<String> lines = NameFile.FORMAT.format(names);

        assertThat(lines).first().isEqualTo("# chatroom names v1: NAME HASH REGISTERED (times in UTC)");
        assertThat(lines.get(1)).isEqualTo("alice\t" + HASH + "\t2026-12-02T07:00:00Z");
        assertThat(NameFile.FORMAT.parse(lines)).isEqualTo(names);
    }

    @Test
    void aNameRegisteredTwiceIsAnError() {
        assertThatThrownBy(() -> NameFile.FORMAT.parse(List.of("# chatroom names v1",
                "alice\t" + HASH + "\t2026-12-02T07:00:00Z",
                "ALICE\t" + HASH + "\t2026-12-02T07:00:00Z")))
                .hasMessage("line 3: ALICE is registered twice");
    }

    @Test
    void aBadHashIsRefusedWithoutRepeatingIt() {
        String broken = "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$c2VjcmV0";
        List<String> lines = List.of("# chatroom names v1", "alice\t" + broken + "\t2026-12-02T07:00:00Z");

        assertThatThrownBy(() -> NameFile.FORMAT.parse(lines))
                .hasMessageStartingWith("line 2: HASH: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
    }

    @Test
    void anotherVersionIsRefused() {
        assertThatThrownBy(() -> NameFile.FORMAT.parse(List.of("# chatroom names v10")))
                .hasMessageContaining("version v10 of the names file");
    }
}
