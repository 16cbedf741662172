package chatroom.server;

import ch.qos.logback.classic.LoggerContext;
import chatroom.protocol.Durations;
import chatroom.protocol.Names;
import chatroom.protocol.Text;
import chatroom.server.auth.OperFile;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.chat.AccountRules;
import chatroom.server.chat.ChatSettings;
import chatroom.server.history.HistoryLog;
import chatroom.server.history.HistorySettings;
import chatroom.server.history.HistoryStore;
import chatroom.server.mod.Ban;
import chatroom.server.net.EventLoop;
import chatroom.server.net.Listener;
import chatroom.server.net.ServerConfig;
import chatroom.server.store.BanFile;
import chatroom.server.store.DataDirLock;
import chatroom.server.store.NameFile;
import chatroom.server.store.Persistence;
import chatroom.server.store.StateStore;
import chatroom.server.tls.PemKeys;
import chatroom.server.tls.SelfSignedCertificate;
import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsContext;
import chatroom.server.tls.TlsSetupException;
import chatroom.server.tls.TlsWarmUp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: parse options, start the loop, stop it cleanly on SIGTERM or Ctrl-C. */
@Command(
        name = "chatroom-server",
        mixinStandardHelpOptions = true,
        versionProvider = ChatServer.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = HashPasswordCommand.class,
        description = "A chat server for telnet, nc, the chatroom client, web browsers and programs that read JSON: "
                + "one thread, one selector.")
public final class ChatServer implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    private static final ServerConfig DEFAULTS = ServerConfig.defaults();
    static final String DEFAULT_DATA_DIR = "chatroom-data";

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = DEFAULTS.address().getHostString();

    @Option(names = "--json-port", paramLabel = "PORT",
            description = "Also listen on PORT, where connections get JSON events from the start (default: off).")
    Integer jsonPort;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Also listen on PORT for HTTP: the chat page for browsers at /, its WebSocket at /ws, "
                    + "/metrics for Prometheus and /healthz (default: off).")
    Integer httpPort;

    @Option(names = "--http-allowed-origin", paramLabel = "ORIGIN",
            description = "Also let pages from ORIGIN (scheme://host[:port], say a reverse proxy's "
                    + "https://chat.example.org) open a WebSocket; pages from the server itself always may. "
                    + "Repeatable.")
    List<String> httpAllowedOrigins = new ArrayList<>();

    @Option(names = "--udp-port", paramLabel = "PORT",
            description = "Also take chat users over UDP on PORT (the same number as --port is fine): each must "
                    + "first send back a code the server answers with, so a forged source address gets nothing "
                    + "but that (default: off).")
    Integer udpPort;

    @Option(names = "--udp-idle-timeout", paramLabel = "SECONDS",
            description = "End a UDP user's session after this long without a datagram from it; /ping keeps it "
                    + "(default: ${DEFAULT-VALUE}).")
    long udpIdleSeconds = ServerConfig.UdpSettings.OFF.idleTimeout().toSeconds();

    @Option(names = "--udp-recheck", paramLabel = "SECONDS",
            description = "Ask each UDP user this often (and after every 4 MiB sent) to send back a fresh code; "
                    + "one that does not within a minute is dropped, so a forged source address cannot keep a "
                    + "departed user's traffic flowing (default: ${DEFAULT-VALUE}).")
    long udpRecheckSeconds = ServerConfig.UdpSettings.OFF.recheck().toSeconds();

    @Option(names = "--max-udp-users", paramLabel = "N",
            description = "UDP users at once; they count against --max-clients too (default: ${DEFAULT-VALUE}).")
    int maxUdpUsers = ServerConfig.UdpSettings.OFF.maxUsers();

    @Option(names = "--udp-max-output-rate", paramLabel = "BYTES",
            description = "Bytes a second one UDP user may be sent on average; more is dropped, as UDP cannot slow "
                    + "the sender; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long udpOutputRate = ServerConfig.UdpSettings.OFF.outputBytesPerSecond();

    @Option(names = "--tls-port", paramLabel = "PORT",
            description = "Also listen on PORT for text lines inside TLS 1.2/1.3; needs --tls-cert and --tls-key, "
                    + "or --tls-self-signed (default: off).")
    Integer tlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain for --tls-port, the server's own certificate first (fullchain.pem).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-self-signed",
            description = "For trying TLS out: make a throwaway certificate for localhost at start and log its "
                    + "SHA-256 fingerprint.")
    boolean tlsSelfSigned;

    @Option(names = "--max-clients", paramLabel = "N",
            description = "Connections beyond this get \"server full\" (default: ${DEFAULT-VALUE}).")
    int maxClients = DEFAULTS.maxClients();

    @Option(names = "--motd-file", paramLabel = "FILE", description = "Lines to greet every connection with.")
    Path motdFile;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES",
            description = "Longest line accepted, in bytes (default: ${DEFAULT-VALUE}).")
    int maxLineBytes = DEFAULTS.maxLineBytes();

    @Option(names = "--max-output-bytes", paramLabel = "BYTES",
            description = "Output that may wait for a client before it is cut off as too slow (default: ${DEFAULT-VALUE}).")
    long maxOutputBytes = DEFAULTS.maxOutputBytes();

    @Option(names = "--soft-output-bytes", paramLabel = "BYTES",
            description = "Output a client may hold for a while: over this for longer than --soft-output-seconds, "
                    + "it is cut off as too slow; 0 for none (default: ${DEFAULT-VALUE}).")
    long softOutputBytes = ServerConfig.SoftOutputLimit.DEFAULT.bytes();

    @Option(names = "--soft-output-seconds", paramLabel = "SECONDS",
            description = "How long a client may stay over --soft-output-bytes (default: ${DEFAULT-VALUE}).")
    long softOutputSeconds = ServerConfig.SoftOutputLimit.DEFAULT.grace().toSeconds();

    @Option(names = "--max-total-output-bytes", paramLabel = "BYTES",
            description = "Output that may wait for all clients together; past it the clients with the most unread "
                    + "output are cut off first (default: half the JVM's heap or direct-memory limit, the smaller).")
    long maxTotalOutputBytes;

    @Option(names = "--output-stall-timeout", paramLabel = "SECONDS",
            description = "Close a connection that sent nothing while its output did not move for this long "
                    + "(default: ${DEFAULT-VALUE}).")
    long outputStallSeconds = ServerConfig.DEFAULT_OUTPUT_STALL.toSeconds();

    @Option(names = "--max-per-ip", paramLabel = "N",
            description = "Connections one address (IPv6: one /64) may have open at once (default: ${DEFAULT-VALUE}).")
    int maxPerIp = ServerConfig.AddressLimits.DEFAULTS.maxConnections();

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND",
            description = "New connections a second one address may open on average (default: ${DEFAULT-VALUE}).")
    double connectRate = ServerConfig.AddressLimits.DEFAULTS.connectRate();

    @Option(names = "--connect-burst", paramLabel = "N",
            description = "New connections one address may open at once (default: ${DEFAULT-VALUE}).")
    int connectBurst = ServerConfig.AddressLimits.DEFAULTS.connectBurst();

    @Option(names = "--flood-rate", paramLabel = "LINES",
            description = "Lines per second a client may send on average, a line over 512 bytes counting as one per 512 "
                    + "bytes begun; 0 turns flood control off (default: ${DEFAULT-VALUE}).")
    double floodRate = DEFAULTS.floodRate();

    @Option(names = "--flood-burst", paramLabel = "LINES",
            description = "Lines a client may send at once before flood control slows it (default: ${DEFAULT-VALUE}).")
    int floodBurst = DEFAULTS.floodBurst();

    @Option(names = "--history", paramLabel = "N",
            description = "Messages a room replays to whoever joins it (default: ${DEFAULT-VALUE}).")
    int history = DEFAULTS.chat().historyLines();

    @Option(names = "--history-bytes", paramLabel = "BYTES",
            description = "Message text a room keeps for replay at most, whatever --history allows "
                    + "(default: ${DEFAULT-VALUE}).")
    int historyBytes = DEFAULTS.chat().historyBytes();

    @Option(names = "--max-rooms", paramLabel = "N",
            description = "Rooms that may exist at once, the lobby included; /join of a new one beyond is refused "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxRooms = DEFAULTS.chat().maxRooms();

    @Option(names = "--max-unnamed", paramLabel = "N",
            description = "Connections that may wait for a name at once; one more closes the one that waited longest "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxUnnamed = DEFAULTS.chat().maxUnnamed();

    @Option(names = "--announce-limit", paramLabel = "N",
            description = "Rooms bigger than this get one join/leave/rename summary a second (default: ${DEFAULT-VALUE}).")
    int announceLimit = DEFAULTS.chat().announceLimit();

    @Option(names = "--login-timeout", paramLabel = "SECONDS",
            description = "Seconds a connection has to choose a name (default: ${DEFAULT-VALUE}).")
    long loginTimeoutSeconds = DEFAULTS.chat().loginTimeout().toSeconds();

    @Option(names = "--shutdown-grace", paramLabel = "MILLIS",
            description = "How long shutdown waits for queued output to drain (default: ${DEFAULT-VALUE}).")
    long shutdownGraceMillis = DEFAULTS.shutdownGrace().toMillis();

    @Option(names = "--oper-file", paramLabel = "FILE",
            description = "Operators, one ACCOUNT HASH a line as the hash-password command prints it; read again "
                    + "on SIGHUP (default: no operators).")
    Path operFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the rooms' messages, bans and registered names in DIR (made if missing): history/, "
                    + "bans.tsv (read again on SIGHUP) and names.tsv. One server per DIR (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(DEFAULT_DATA_DIR);

    @Option(names = "--no-persist",
            description = "Keep nothing on disk: history and bans last until a restart, names cannot be registered.")
    boolean noPersist;

    @Option(names = "--fsync", paramLabel = "POLICY",
            description = "When logged messages are forced to disk: always (after each batch), everysec, or no "
                    + "(the OS decides); see DESIGN.md for what each can lose (default: everysec).")
    String fsync = "everysec";

    @Option(names = "--history-retention", paramLabel = "AGE|N",
            description = "Delete logged messages older than AGE (30d, 12h, 2w; at most 365d), or all but a room's "
                    + "newest N, or keep them: forever (default: ${DEFAULT-VALUE}).")
    String historyRetention = "30d";

    @Option(names = "--history-max-bytes", paramLabel = "BYTES",
            description = "Disk all rooms' logs may take together; past it the biggest room loses its oldest messages "
                    + "first (default: ${DEFAULT-VALUE}).")
    long historyMaxBytes = HistorySettings.DEFAULT_MAX_BYTES;

    @Option(names = "--reserved-names", paramLabel = "NAME", split = ",",
            description = "Names nobody may take or register, instead of the default list (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> reservedNames = AccountRules.DEFAULT_RESERVED.stream().sorted().toList();

    @Option(names = "--allow-plaintext-passwords",
            description = "Take passwords (/oper, /identify, /register ...) over connections that are not TLS, "
                    + "which anyone on the way can read: for a TLS proxy in front, or trying things out.")
    boolean allowPlaintextPasswords;

    @Option(names = "--hash-threads", paramLabel = "N",
            description = "Threads that hash passwords, slow on purpose (default: half the processors, here "
                    + "${DEFAULT-VALUE}).")
    int hashThreads = ServerConfig.Accounts.defaultHashThreads();

    @Option(names = "--hash-queue", paramLabel = "N",
            description = "Password checks that may wait for a thread; more are answered \"busy\" at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int hashQueue = ServerConfig.Accounts.DEFAULT_HASH_QUEUE;

    @Option(names = "--password-attempts", paramLabel = "N",
            description = "Password attempts one address (IPv6: one /64) may make at once (default: ${DEFAULT-VALUE}).")
    int passwordAttempts = AccountRules.DEFAULTS.passwordAttempts();

    @Option(names = "--password-attempt-interval", paramLabel = "SECONDS",
            description = "After those, one more attempt per this many seconds (default: ${DEFAULT-VALUE}).")
    long passwordIntervalSeconds = AccountRules.DEFAULTS.passwordInterval().toSeconds();

    @Option(names = "--max-registrations", paramLabel = "N",
            description = "Registered names at most (default: ${DEFAULT-VALUE}).")
    int maxRegistrations = AccountRules.DEFAULTS.maxRegistrations();

    public static void main(String[] args) {
        int exit = new CommandLine(new ChatServer()).execute(args);
        // The log is written by a thread of its own: give it up to a second to write what is queued.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        warnAboutAccounts(config);
        Path data = config.accounts().dataDir();
        DataDirLock lock = null;
        HistoryLog history = HistoryLog.NONE;
        if (data != null) {
            try {
                Files.createDirectories(data);
                lock = DataDirLock.take(data);
                history = HistoryStore.open(historySettings(data));
            } catch (IOException e) {
                if (lock != null) {
                    lock.close();
                }
                log.error("event=data_dir_unusable dir={} error=\"{}\"", data, e.getMessage());
                System.err.println("chatroom-server: --data-dir " + data + ": " + e.getMessage());
                return 1;
            }
        }
        // The stores outlive the loop: the loop's last saves and messages are written before they close.
        try (DataDirLock held = lock; HistoryLog logs = history; StateStore store = data == null ? null : new StateStore(data)) {
            EventLoop loop;
            try {
                loop = new EventLoop(config, Clock.systemDefaultZone(), store == null ? Persistence.NONE : store, logs);
            } catch (IOException e) {
                log.error("event=bind_failed addr={} error=\"{}\"", config.listeners(), e.getMessage());
                System.err.println("chatroom-server: cannot listen on " + config.listeners().stream()
                        .map(l -> String.valueOf(l.address())).toList()
                        + (config.udp().addresses().isEmpty() ? "" : " and UDP " + config.udp().addresses())
                        + ": " + e.getMessage());
                return 1;
            }
            Signals.install(loop::stop, () -> reload(loop, store));
            loop.start();
            config.listeners().stream().filter(Listener::isTls).findFirst().ifPresent(l -> TlsWarmUp.start(l.tls()));
            while (!loop.awaitTermination(Duration.ofDays(1))) {
                // Waiting for a signal; nothing else for this thread to do.
            }
            return loop.failed() ? 1 : 0;
        }
    }

    ServerConfig config() throws IOException {
        checkPort("--port", port);
        List<Listener> listeners = new ArrayList<>();
        listeners.add(Listener.text(new InetSocketAddress(bind, port)));
        if (jsonPort != null) {
            checkPort("--json-port", jsonPort);
            listeners.add(Listener.json(new InetSocketAddress(bind, jsonPort)));
        }
        Listener tls = tlsListener();
        if (tls != null) {
            listeners.add(tls);
        }
        if (httpPort != null) {
            checkPort("--http-port", httpPort);
            try {
                listeners.add(Listener.http(new InetSocketAddress(bind, httpPort), httpAllowedOrigins));
            } catch (IllegalArgumentException e) {
                throw usage("--http-allowed-origin: " + e.getMessage());
            }
        } else if (!httpAllowedOrigins.isEmpty()) {
            throw usage("--http-allowed-origin needs --http-port");
        }
        List<InetSocketAddress> udp = new ArrayList<>();
        if (udpPort != null) {
            checkPort("--udp-port", udpPort);
            udp.add(new InetSocketAddress(bind, udpPort));
        }
        List<String> motd = motdFile == null ? List.of() : readMotd(motdFile);
        if (noPersist && !dataDir.equals(Path.of(DEFAULT_DATA_DIR))) {
            throw usage("--no-persist and --data-dir: keep nothing on disk, or keep it in DIR?");
        }
        historySettings(Path.of(DEFAULT_DATA_DIR)); // the history options' mistakes are usage errors, found before anything starts
        try {
            ChatSettings chat = new ChatSettings(history, announceLimit, Duration.ofSeconds(loginTimeoutSeconds), motd,
                    historyBytes, maxRooms, maxUnnamed);
            return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes,
                    floodRate, floodBurst, Duration.ofMillis(shutdownGraceMillis), chat,
                    new ServerConfig.AddressLimits(maxPerIp, connectRate, connectBurst), maxTotalOutputBytes,
                    Duration.ofSeconds(outputStallSeconds), ServerConfig.UdpSettings.on(udp)
                            .withLimits(maxUdpUsers, Duration.ofSeconds(udpIdleSeconds), udpOutputRate)
                            .withRecheck(Duration.ofSeconds(udpRecheckSeconds)),
                    accounts(), new ServerConfig.SoftOutputLimit(softOutputBytes, Duration.ofSeconds(softOutputSeconds)));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * The account options, and the operators, bans and registered names read from their files:
     * a file that cannot be read is a usage error naming it and the line, since starting
     * without the bans would let everyone banned back in.
     */
    private ServerConfig.Accounts accounts() throws IOException {
        for (String name : reservedNames) {
            if (!Names.isValid(name)) {
                throw usage("--reserved-names: \"" + name + "\" is not a name (" + Names.RULES + ")");
            }
        }
        AccountRules rules = new AccountRules(Set.copyOf(reservedNames), allowPlaintextPasswords,
                tlsPort == null ? 0 : tlsPort, maxRegistrations, passwordAttempts,
                Duration.ofSeconds(passwordIntervalSeconds));
        OperTable opers = operFile == null ? OperTable.NONE : load("--oper-file", operFile, OperFile::read);
        List<Ban> bans = List.of();
        List<Registration> names = List.of();
        Path data = noPersist ? null : dataDir;
        if (data != null && Files.isDirectory(data)) { // made at start (call) if missing: then nothing is in it yet
            bans = load("--data-dir", StateStore.bansFile(data), BanFile.FORMAT::read);
            names = load("--data-dir", StateStore.namesFile(data), NameFile.FORMAT::read);
        }
        return new ServerConfig.Accounts(rules, operFile, data, hashThreads, hashQueue, opers, bans, names);
    }

    /** The history options, checked. */
    HistorySettings historySettings(Path data) {
        HistorySettings.FsyncPolicy policy = switch (fsync) {
            case "always" -> HistorySettings.FsyncPolicy.ALWAYS;
            case "everysec" -> HistorySettings.FsyncPolicy.EVERYSEC;
            case "no" -> HistorySettings.FsyncPolicy.NO;
            default -> throw usage("--fsync: \"" + fsync + "\" is not always, everysec or no");
        };
        if (historyMaxBytes < 1) {
            throw usage("--history-max-bytes must be at least 1");
        }
        HistorySettings defaults = HistorySettings.in(data);
        Duration maxAge = null;
        long maxRecords = 0;
        if (historyRetention.matches("[0-9]{1,18}")) {
            maxRecords = Long.parseLong(historyRetention);
            if (maxRecords < 1) {
                throw usage("--history-retention: keep at least 1 message per room");
            }
        } else if (!historyRetention.equals("forever")) {
            maxAge = Durations.parse(historyRetention);
            if (maxAge == null) {
                throw usage("--history-retention: \"" + historyRetention + "\" is not an age (30d, 12h, 2w; at most "
                        + Durations.MAX.toDays() + "d), a number of messages, or forever");
            }
        }
        return new HistorySettings(defaults.dir(), policy, maxAge, maxRecords, historyMaxBytes,
                defaults.queueCapacity());
    }

    private <T> T load(String option, Path file, StateStore.FileReader<T> reader) {
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw usage(option + ": cannot read " + file + ": " + e);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + file + ": " + e.getMessage());
        }
    }

    /** What an operator should know at start about passwords and bans. */
    void warnAboutAccounts(ServerConfig config) throws IOException {
        // names can be registered by default (the data dir is), but only someone who has done so needs telling
        boolean passwords = operFile != null || !config.accounts().names().isEmpty();
        if (operFile != null && config.accounts().dataDir() == null) {
            log.warn("event=bans_not_persisted reason=\"--no-persist: bans last until a restart\"");
        }
        if (allowPlaintextPasswords) {
            log.warn("event=plaintext_passwords_allowed");
        } else if (passwords && config.listeners().stream().noneMatch(Listener::isTls)) {
            log.warn("event=passwords_need_tls reason=\"no --tls-port: password commands are refused until "
                    + "--allow-plaintext-passwords\"");
        }
        if (operFile != null && OperFile.readableByOthers(operFile)) {
            log.warn("event=oper_file_readable file={} reason=\"others may read its hashes: chmod 600\"", operFile);
        }
    }

    /**
     * The TLS listener, or null without {@code --tls-port}. Certificates are read (or made) here,
     * before anything listens, so a bad file is a usage error with the loader's own message.
     */
    private Listener tlsListener() {
        if (tlsPort == null) {
            if (tlsCert != null || tlsKey != null || tlsSelfSigned) {
                throw usage("--tls-cert, --tls-key and --tls-self-signed need --tls-port");
            }
            return null;
        }
        checkPort("--tls-port", tlsPort);
        boolean files = tlsCert != null || tlsKey != null;
        if (files && tlsSelfSigned) {
            throw usage("--tls-self-signed makes its own certificate: give it without --tls-cert and --tls-key");
        }
        if (!tlsSelfSigned && (tlsCert == null || tlsKey == null)) {
            throw usage("--tls-port needs --tls-cert FILE and --tls-key FILE together, or --tls-self-signed");
        }
        try {
            ServerIdentity identity = tlsSelfSigned ? SelfSignedCertificate.generate() : PemKeys.load(tlsCert, tlsKey);
            return Listener.tls(new InetSocketAddress(bind, tlsPort), TlsContext.of(identity));
        } catch (TlsSetupException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(new CommandLine(this), message);
    }

    private void checkPort(String option, int value) {
        if (value < 0 || value > 65_535) {
            throw usage(option + " must be 0..65535: " + value);
        }
    }

    /**
     * SIGHUP: the MOTD, the operators and the bans read again. With a data dir the files are
     * read on the store's thread, after the bans it is still writing; without one there are no
     * bans on disk, and the operators are read here, on the signal's thread.
     */
    private void reload(EventLoop loop, StateStore store) {
        reloadMotd(loop);
        if (store != null) {
            store.reload(operFile, loop::reloadAccounts);
        } else if (operFile != null) {
            OperTable opers = StateStore.rereadOpers(operFile);
            if (opers != null) {
                loop.reloadAccounts(opers, null, () -> true);
            }
        }
    }

    /** SIGHUP: read the MOTD file again (here, off the loop) and greet new connections with it. */
    private void reloadMotd(EventLoop loop) {
        if (motdFile == null) {
            return;
        }
        try {
            loop.reloadMotd(readMotd(motdFile)); // logs event=motd_reloaded once new connections get it
        } catch (IOException | RuntimeException e) {
            log.warn("event=motd_reload_failed file={} error=\"{}\"", motdFile, e.getMessage());
        }
    }

    private static List<String> readMotd(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Text::sanitize).toList();
    }

    /** {@code --version}: the version Maven wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ChatServer.class.getPackage().getImplementationVersion();
            return new String[] {"chatroom-server " + (version == null ? "(development build)" : version)};
        }
    }
}
