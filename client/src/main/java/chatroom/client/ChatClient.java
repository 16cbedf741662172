package chatroom.client;

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
import picocli.CommandLine.Option;

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

    @Option(names = "--host", paramLabel = "HOST", description = "Server to connect to (default: ${DEFAULT-VALUE}).")
    String host = "localhost";

    @Option(names = "--port", paramLabel = "PORT", description = "Server's TCP port (default: ${DEFAULT-VALUE}).")
    int port = 5000;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Log in as NAME; without it, the first line you type is your name.")
    String name;

    @Option(names = "--no-color", description = "No colours or other styles (so does a non-empty NO_COLOR variable).")
    boolean noColor;

    @Option(names = "--no-bell", description = "No terminal bell when someone mentions your name or sends you a private message.")
    boolean noBell;

    @Option(names = "--history-file", paramLabel = "FILE",
            description = "Where typed lines are kept between runs (default: ${DEFAULT-VALUE}).")
    Path historyFile = Path.of(System.getProperty("user.home"), ".chatroom_history");

    @Option(names = "--log-file", paramLabel = "FILE", description = "Log connection events here (default: no log).")
    Path logFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatClient()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 1 || port > 65_535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 1..65535: " + port);
        }
        Logging.configure(logFile);
        ZoneId zone = ZoneId.systemDefault(); // every time shown is in the user's zone, not the server's
        boolean colour = !noColor && isEmpty(System.getenv("NO_COLOR"));
        OnlineNames names = new OnlineNames();
        if (!isTerminal()) {
            MessageRenderer renderer = new MessageRenderer(false, zone);
            try (Ui ui = new PlainUi(System.in, System.out, System.err)) {
                return run(ui, renderer, names);
            }
        }
        // JLine 4 by default turns a typed Ctrl-C into an emulated INT signal and also passes it
        // on as a key, so one keypress could interrupt two reads in a row: the second, on an
        // empty line, would quit. The key alone is enough, on every platform.
        if (System.getProperty(TerminalBuilder.PROP_SOFTWARE_SIGNALS) == null) {
            System.setProperty(TerminalBuilder.PROP_SOFTWARE_SIGNALS, "false");
        }
        Terminal terminal = TerminalBuilder.builder().system(true).name("chatroom").build();
        boolean dumb = terminal.getType().startsWith(Terminal.TYPE_DUMB); // "dumb" and "dumb-color" alike
        MessageRenderer renderer = new MessageRenderer(colour && !dumb, zone);
        try (Ui ui = new TerminalUi(terminal, historyFile, renderer, names, !noBell, System::nanoTime)) {
            if (dumb && !Terminal.TYPE_DUMB.equals(System.getenv("TERM"))) {
                ui.note("This terminal gets plain text only: no colours, no status line"
                        + (logFile == null ? " (--log-file FILE shows why)." : " (see the log file for why)."));
            }
            return run(ui, renderer, names);
        }
    }

    private int run(Ui ui, MessageRenderer renderer, OnlineNames names) throws InterruptedException {
        return new Client(ui, renderer, names, Backoff.standard()).run(host, port, name);
    }

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
