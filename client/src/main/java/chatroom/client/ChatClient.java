package chatroom.client;

import chatroom.protocol.tls.Fingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line: parse options, pick the terminal or the plain UI, run. */
@Command(
        name = "chatroom-client",
        mixinStandardHelpOptions = true,
        versionProvider = ChatClient.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "A terminal client for the chatroom server: incoming lines appear above the line you are typing.",
            "When standard input or output is not a terminal, it reads and writes plain lines instead."
        })
public final class ChatClient implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Server to connect to (default: ${DEFAULT-VALUE}).")
    String host = "localhost";

    @Option(names = "--port", paramLabel = "PORT", description = "Server's port, TCP or with --udp UDP (default: "
            + PLAIN_PORT + ", or " + TLS_PORT + " with TLS).")
    Integer port;

    @Option(names = "--udp", description = "Connect over UDP, to the server's --udp-port: the client exchanges the"
            + " join code and keeps the session alive itself. Plain text only: not with TLS.")
    boolean udp;

    @Option(names = "--tls", description = "Connect with TLS (1.3 or 1.2), trusting the certificate authorities the JDK"
            + " trusts; the certificate must be for --host.")
    boolean tls;

    @Option(names = "--tls-trust", paramLabel = "FILE", description = "TLS (implies --tls), trusting exactly the"
            + " certificates in this PEM file instead: the server's own (self-signed) or the CA that signed it."
            + " The certificate must still be for --host.")
    Path tlsTrust;

    @Option(names = "--tls-fingerprint", paramLabel = "SHA256", description = "TLS (implies --tls), trusting only the"
            + " server whose own certificate has this SHA-256 fingerprint, as the server logs it"
            + " (event=tls_listening) and openssl prints it; whoever signed it, its host name and dates are not"
            + " checked, as ssh trusts a host key. There is no option to trust any certificate.")
    String tlsFingerprint;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Log in as NAME; without it, the first line you type is your name.")
    String name;

    @Option(names = "--password-file", paramLabel = "FILE", description = "When the server asks for the password of"
            + " your registered name, send the first line of FILE (once each time it asks). The file must be readable"
            + " by you alone.")
    Path passwordFile;

    @Option(names = "--allow-plaintext-passwords", description = "Send passwords (/identify, /register, /oper, ...)"
            + " over a connection that is not encrypted too. Without it they go only with --tls: anyone on the way"
            + " could read them.")
    boolean allowPlaintextPasswords;

    @Option(names = "--no-color", description = "No colours or other styles (so does a non-empty NO_COLOR variable).")
    boolean noColor;

    @Option(names = "--no-bell", description = "No terminal bell when someone mentions your name or sends you a private message.")
    boolean noBell;

    @Option(names = "--history-file", paramLabel = "FILE",
            description = "Where typed lines are kept between runs (default: ${DEFAULT-VALUE}).")
    Path historyFile = Path.of(System.getProperty("user.home"), ".chatroom_history");

    @Option(names = "--log-file", paramLabel = "FILE", description = "Log connection events here (default: no log).")
    Path logFile;

    /** The server's default plain port. */
    static final int PLAIN_PORT = 5000;
    /**
     * The port assumed with TLS when none is given. The server opens a TLS port only when told
     * which ({@code --tls-port}); this is the one its documentation uses.
     */
    static final int TLS_PORT = 5443;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatClient()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int port = port();
        if (port < 1 || port > 65_535) {
            throw usage("--port must be 1..65535: " + port);
        }
        // A bad file or fingerprint, or UDP with TLS, is a usage error now, not a failed connection later.
        Transport transport = transport();
        PasswordGuard guard = new PasswordGuard(transport.encrypted(), allowPlaintextPasswords, filePassword());
        Logging.configure(logFile);
        ZoneId zone = ZoneId.systemDefault(); // every time shown is in the user's zone, not the server's
        boolean colour = !noColor && isEmpty(System.getenv("NO_COLOR"));
        OnlineNames names = new OnlineNames();
        if (!isTerminal()) {
            MessageRenderer renderer = new MessageRenderer(false, zone);
            try (Ui ui = new PlainUi(System.in, System.out, System.err)) {
                return run(ui, renderer, names, port, transport, guard);
            }
        }
        // JLine 4 by default turns a typed Ctrl-C into an emulated INT signal and also passes it
        // on as a key, so one keypress could interrupt two reads in a row: the second, on an
        // empty line, would quit. The key alone is enough, on every platform.
        if (System.getProperty(TerminalBuilder.PROP_SOFTWARE_SIGNALS) == null) {
            System.setProperty(TerminalBuilder.PROP_SOFTWARE_SIGNALS, "false");
        }
        Terminal terminal = terminalBuilder().system(true).build();
        boolean dumb = terminal.getType().startsWith(Terminal.TYPE_DUMB); // "dumb" and "dumb-color" alike
        MessageRenderer renderer = new MessageRenderer(colour && !dumb, zone);
        try (Ui ui = new TerminalUi(terminal, historyFile, renderer, names, !noBell, System::nanoTime)) {
            if (dumb && !Terminal.TYPE_DUMB.equals(System.getenv("TERM"))) {
                ui.note("This terminal gets plain text only: no colours, no status line"
                        + (logFile == null ? " (--log-file FILE shows why)." : " (see the log file for why)."));
            }
            return run(ui, renderer, names, port, transport, guard);
        }
    }

    private int run(Ui ui, MessageRenderer renderer, OnlineNames names, int port, Transport transport,
            PasswordGuard guard) throws InterruptedException {
        return new Client(ui, renderer, names, Backoff.standard()).run(host, port, transport, name, guard);
    }

    /**
     * The password in {@code --password-file}, or null without the option.
     *
     * @throws CommandLine.ParameterException for a file that cannot be read, is empty, or others may read
     */
    String filePassword() {
        if (passwordFile == null) {
            return null;
        }
        try {
            return PasswordGuard.read(passwordFile);
        } catch (IllegalArgumentException e) {
            throw usage("--password-file " + e.getMessage());
        }
    }

    /**
     * UDP, or TCP with or without TLS, from the options.
     *
     * @throws CommandLine.ParameterException for UDP with TLS, or TLS options that cannot be used
     */
    Transport transport() {
        if (udp && tlsWanted()) {
            throw usage("--udp is plain text: it cannot be combined with --tls, --tls-trust or --tls-fingerprint");
        }
        return udp ? Transport.udp() : Transport.tcp(tls());
    }

    /** Whether to connect with TLS: {@code --tls}, or either way of trusting a server, which imply it. */
    boolean tlsWanted() {
        return tls || tlsTrust != null || tlsFingerprint != null;
    }

    /** {@code --port}, or the default for plain text or TLS. */
    int port() {
        return port != null ? port : tlsWanted() ? TLS_PORT : PLAIN_PORT;
    }

    /**
     * How to make TLS connections, from the options; null for plain text.
     *
     * @throws CommandLine.ParameterException for a trust file that cannot be used, a fingerprint
     *     that is not one, or both ways of trusting at once
     */
    TlsConnector tls() {
        if (tlsTrust != null && tlsFingerprint != null) {
            throw usage("--tls-trust and --tls-fingerprint are two ways to trust the server: give one");
        }
        if (tlsFingerprint != null) {
            try {
                return TlsConnector.pinning(Fingerprint.parse(tlsFingerprint));
            } catch (IllegalArgumentException e) {
                throw usage("--tls-fingerprint " + tlsFingerprint + ": " + e.getMessage());
            }
        }
        if (tlsTrust != null) {
            try {
                return TlsConnector.trusting(tlsTrust);
            } catch (IllegalArgumentException e) {
                throw usage("--tls-trust " + e.getMessage());
            }
        }
        return tls ? TlsConnector.jdkTrust() : null;
    }

    /** A usage error (exit status 2), reported by the command line that runs this, to its error stream. */
    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * The terminal the client draws on, before it is told which streams. JLine 4 asks the
     * terminal at start whether it keeps grapheme clusters together (a DECRQM query, then a
     * cursor position report), waits 200 ms for the answer and drains 25 ms more; an answer
     * later than that (a loaded machine, an ssh link) is read as typed keys, and the user's
     * first line starts with {@code ;1R}. The query is not sent unless the user asks for the
     * mode with JLine's own property ({@code -Dorg.jline.terminal.graphemeCluster=true}).
     */
    static TerminalBuilder terminalBuilder() {
        TerminalBuilder builder = TerminalBuilder.builder().name("chatroom");
        if (System.getProperty(GRAPHEME_CLUSTER_PROPERTY) == null) {
            builder.graphemeCluster(false);
        }
        return builder;
    }

    /** JLine's switch for the mode {@link #terminalBuilder()} does not probe for. */
    static final String GRAPHEME_CLUSTER_PROPERTY = "org.jline.terminal.graphemeCluster";

    /**
     * Whether standard input and output are both a terminal, asked of the JLine providers
     * that would open it (isatty on Unix, the console mode on Windows), as JLine itself
     * decides. Not {@code System.console() != null}: from Java 22 that holds for pipes too.
     */
    static boolean isTerminal() {
        List<TerminalProvider> providers = TerminalBuilder.builder().getProviders(null, new IllegalStateException());
        if (providers.isEmpty()) {
            return System.console() != null;
        }
        return isSystemStream(providers, SystemStream.Input) && isSystemStream(providers, SystemStream.Output);
    }

    private static boolean isSystemStream(List<TerminalProvider> providers, SystemStream stream) {
        for (TerminalProvider provider : providers) {
            try {
                if (provider.isSystemStream(stream)) {
                    return true;
                }
            } catch (RuntimeException | LinkageError e) {
                // This provider cannot tell on this system; another may.
            }
        }
        return false;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** {@code --version}: the version Maven wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ChatClient.class.getPackage().getImplementationVersion();
            return new String[] {"chatroom-client " + (version == null ? "(development build)" : version)};
        }
    }
}
