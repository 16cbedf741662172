package chatroom.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.auth.OperFile;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.PasswordHash;
import chatroom.server.auth.TestHashes;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hash-password} run in-process, its password given on standard input as a script would. */
class HashPasswordCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code chatroom-server ARGS} as main would, with {@code stdin} and no terminal; returns the exit code. */
    private int run(String stdin, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == HashPasswordCommand.class) {
                    return type.cast(new HashPasswordCommand(null,
                            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cli = new CommandLine(new ChatServer(), factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsALineTheOperFileReadsAndThatVerifies() {
        int exit = run("correct-horse-battery\n", "hash-password", "--iterations", "1000", "alice");

        assertThat(exit).isZero();
        assertThat(out.toString()).endsWith("\n").doesNotContain("correct-horse");
        assertThat(err.toString()).isEmpty();
        OperTable table = OperFile.parse(List.of(out.toString().strip()));
        assertThat(out.toString()).startsWith("alice\t$pbkdf2-sha256$i=" + TestHashes.ITERATIONS + "$");
        assertThat(PasswordHash.verify(table.hash("alice"), "correct-horse-battery".toCharArray())).isTrue();
    }

    @Test
    void theServerIsNotStartedForIt() {
        // A port no server can bind: were ChatServer.call() run, this would be a usage error.
        int exit = run("correct-horse-battery\n", "--port", "70000", "hash-password", "--iterations", "1000", "alice");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("alice\t");
    }

    @Test
    void aPasswordBreakingTheRuleIsRefused() {
        int exit = run("short\n", "hash-password", "--iterations", "1000", "alice");

        assertThat(exit).isEqualTo(HashPasswordCommand.REFUSED);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("A password is one word of 8-128 characters").doesNotContain("short");
    }

    @Test
    void noPasswordAtAllIsRefused() {
        assertThat(run("", "hash-password", "alice")).isEqualTo(HashPasswordCommand.REFUSED);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("no password");
    }

    @Test
    void anAccountMustBeNamedLikeAUser() {
        assertThat(run("correct-horse-battery\n", "hash-password", "al ice")).isEqualTo(2);
        assertThat(err.toString()).contains("ACCOUNT must be");
    }

    @Test
    void anIterationCountOutOfRangeIsAUsageError() {
        assertThat(run("correct-horse-battery\n", "hash-password", "--iterations", "0", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("--iterations must be 1..");
    }
}
