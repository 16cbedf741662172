package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Command;
import chatroom.protocol.CommandParser;
import chatroom.protocol.Names;
import chatroom.protocol.Passwords;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each attack's connections send is what the server's own parser takes it for, and fits its limits. */
class AttackKindTest {

    private static final int N = 1000;

    @ParameterizedTest
    @EnumSource(AttackKind.class)
    void everyLineIsWithinTheLineLimitAndParsesAsMeant(AttackKind kind) {
        for (int i = 0; i < N; i++) {
            assertThat(Names.isValid(kind.room(i, N))).isTrue();
            assertThat(Names.isValid(AttackKind.attackerName(i))).isTrue();
            for (int round = 0; round < 3; round++) {
                for (byte[] line : kind.turn(i, N, round)) {
                    assertThat(line.length).isLessThanOrEqualTo(AttackKind.MAX_LINE_BYTES);
                    assertThat(line.length + 1).isLessThanOrEqualTo(AttackKind.outboxBytes());
                    Command command = CommandParser.parse(new String(line, StandardCharsets.UTF_8));
                    assertThat(command).isInstanceOfAny(Command.Say.class, Command.Join.class, Command.Who.class,
                            Command.Msg.class, Command.Oper.class);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AttackKind.class)
    void kindsAreFoundByTheirLabel(AttackKind kind) {
        assertThat(AttackKind.named(kind.label())).isSameAs(kind);
        assertThat(AttackKind.labels()).contains(kind.label());
    }

    @Test
    void aPasswordStormCostsAHashPerLineAndNoLimitPerNameStopsIt() {
        Set<String> accounts = new HashSet<>();
        for (int i = 0; i < N; i++) {
            byte[][] lines = AttackKind.PASSWORD_STORM.turn(i, N, 0);
            assertThat(lines.length).isEqualTo(1);
            Command.Oper oper = (Command.Oper) CommandParser.parse(new String(lines[0], StandardCharsets.UTF_8));
            assertThat(Passwords.isValid(oper.password())).as("a password the server hashes").isTrue();
            accounts.add(oper.account());
        }
        assertThat(accounts).as("an account each: the per-name limit counts failures by account").hasSize(N);
    }

    @Test
    void stalledReadersStayUnderTheOutputCapAndGoBackAndForth() {
        byte[][] rejoins = AttackKind.STALLED_READERS.turn(N - 1, N, 0);
        assertThat(rejoins.length * (long) AttackKind.REPLAY_BYTES).isLessThan(AttackKind.OUTPUT_CAP_BYTES);
        assertThat((rejoins.length + 1L) * AttackKind.REPLAY_BYTES).isGreaterThan(AttackKind.OUTPUT_CAP_BYTES - 64 * 1024);
        String first = AttackKind.STALLED_READERS.room(N - 1, N);
        for (int k = 0; k < rejoins.length; k++) {
            Command.Join join = (Command.Join) CommandParser.parse(new String(rejoins[k], StandardCharsets.UTF_8));
            assertThat(join.room().equals(first)).isEqualTo(k % 2 == 1);
        }
        assertThat(AttackKind.STALLED_READERS.turn(N - 1, N, 1)).isEmpty();
    }

    @Test
    void pinnedChunkPingsTheOneNonReaderOncePerChunkOfFills() {
        AttackKind kind = AttackKind.PINNED_CHUNK;
        assertThat(kind.readers(N)).isEqualTo(N - 1);
        int fills = 0;
        int pings = 0;
        for (int i = 0; i < N - 1; i++) {
            for (byte[] line : kind.turn(i, N, 0)) {
                Command.Msg msg = (Command.Msg) CommandParser.parse(new String(line, StandardCharsets.UTF_8));
                if (msg.to().equals(AttackKind.attackerName(N - 1))) {
                    pings++;
                } else {
                    assertThat(msg.to()).isEqualTo(AttackKind.attackerName(i));
                    fills++;
                }
            }
        }
        assertThat(fills).isEqualTo(N - 1);
        assertThat(pings).isBetween(fills / AttackKind.FILLS_PER_CHUNK, fills / AttackKind.FILLS_PER_CHUNK + 1);
        assertThat(kind.firstTurnNanos(N - 1, N)).isEqualTo(AttackKind.NEVER);
    }
}
