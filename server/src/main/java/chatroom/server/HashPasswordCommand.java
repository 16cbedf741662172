package chatroom.server;

import chatroom.protocol.Names;
import chatroom.protocol.Passwords;
import chatroom.protocol.Problem;
import chatroom.server.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatroom-server hash-password ACCOUNT}: the line to add to an {@code --oper-file},
 * {@code ACCOUNT<TAB>HASH}, on standard output ({@code >> opers.txt} appends it). The password
 * is read twice without echo from the terminal, or as one line from standard input when there
 * is none (scripts). It is never printed, and nothing is logged.
 */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        versionProvider = ChatServer.Version.class,
        description = "Print ACCOUNT<TAB>HASH for --oper-file. The password is read twice without echo from the "
                + "terminal, or as one line from standard input.")
final class HashPasswordCommand implements Callable<Integer> {

    /** The exit code of a password refused or typed differently twice, as of a usage error. */
    static final int REFUSED = 2;

    @Option(names = "--iterations", paramLabel = "N",
            description = "PBKDF2 iterations; more is slower to check and to guess (default: ${DEFAULT-VALUE}).")
    int iterations = PasswordHash.ITERATIONS;

    @Parameters(paramLabel = "ACCOUNT", description = "The operator's account, named like a user (" + Names.RULES
            + "); /oper ACCOUNT PASSWORD then makes whoever gives it an operator.")
    String account;

    @Spec
    CommandSpec spec;

    private final Console console;
    private final InputStream in;

    HashPasswordCommand() {
        this(System.console(), System.in);
    }

    /** Reads from {@code console}, or from {@code in} when it is null. */
    HashPasswordCommand(Console console, InputStream in) {
        this.console = console;
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        if (!Names.isValid(account)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "ACCOUNT must be " + Names.RULES);
        }
        if (iterations < 1 || iterations > PasswordHash.MAX_ITERATIONS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--iterations must be 1.." + PasswordHash.MAX_ITERATIONS);
        }
        PrintWriter err = spec.commandLine().getErr();
        char[] password = console == null ? readLine() : readTwice(err);
        if (password == null) {
            return REFUSED;
        }
        try {
            if (!Passwords.isValid(new String(password))) {
                err.println("hash-password: " + Problem.PASSWORD_RULE.event(Instant.now()).text());
                return REFUSED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(account + "\t" + PasswordHash.hash(password, iterations));
            out.flush();
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The password typed twice, or null (said on {@code err}) if it was not, or not the same. */
    private char[] readTwice(PrintWriter err) {
        char[] first = console.readPassword("Password for %s: ", account);
        char[] second = console.readPassword("The same again: ");
        boolean same = first != null && Arrays.equals(first, second);
        if (second != null) {
            Arrays.fill(second, '\0');
        }
        if (same) {
            return first;
        }
        err.println(first == null ? "hash-password: no password given" : "hash-password: the two passwords differ");
        if (first != null) {
            Arrays.fill(first, '\0');
        }
        return null;
    }

    /** The first line of standard input (a String on the way, which cannot be wiped: a script's password). */
    private char[] readLine() throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            spec.commandLine().getErr().println("hash-password: no password on standard input");
            return null;
        }
        return line.toCharArray();
    }
}
