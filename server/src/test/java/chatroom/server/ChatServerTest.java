package chatroom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.Format;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.auth.TestHashes;
import chatroom.server.chat.AccountRules;
import chatroom.server.chat.ChatSettings;
import chatroom.server.log.CapturedLog;
import chatroom.server.mod.Ban;
import chatroom.server.net.Listener;
import chatroom.server.net.ServerConfig;
import chatroom.server.store.BanFile;
import chatroom.server.store.NameFile;
import chatroom.server.store.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line as parsed into a {@link ServerConfig}; nothing here listens on a port. */
class ChatServerTest {

    private static ServerConfig config(String... args) throws Exception {
        ChatServer cli = new ChatServer();
        new CommandLine(cli).parseArgs(args);
        return cli.config();
    }

    /** Runs the command line as {@code main} would, without exiting; returns the exit code and keeps stderr. */
    private static int execute(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new ChatServer());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void byDefaultOneTextListener() throws Exception {
        ServerConfig config = config();

        assertThat(config.listeners()).containsExactly(
                Listener.text(new InetSocketAddress("0.0.0.0", ServerConfig.DEFAULT_PORT)));
        assertThat(config.address()).isEqualTo(ServerConfig.defaults().address());
    }

    @Test
    void jsonPortAddsAJsonListenerAfterTheTextOne() throws Exception {
        ServerConfig config = config("--port", "6000", "--json-port", "6001");

        assertThat(config.listeners()).containsExactly(
                Listener.text(new InetSocketAddress("0.0.0.0", 6000)),
                Listener.json(new InetSocketAddress("0.0.0.0", 6001)));
        assertThat(config.listeners()).extracting(Listener::format).containsExactly(Format.TEXT, Format.JSON);
        assertThat(config.address().getPort()).as("the text port is the first").isEqualTo(6000);
    }

    @Test
    void bindAppliesToBothListeners() throws Exception {
        ServerConfig config = config("--bind", "127.0.0.1", "--port", "0", "--json-port", "0");

        assertThat(config.listeners()).extracting(Listener::address).containsExactly(
                new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0));
    }

    @Test
    void theOtherOptionsStillReachTheConfig() throws Exception {
        ServerConfig config = config("--json-port", "7001", "--max-clients", "7", "--history", "3",
                "--flood-rate", "0");

        assertThat(config.maxClients()).isEqualTo(7);
        assertThat(config.chat().historyLines()).isEqualTo(3);
        assertThat(config.floodRate()).isZero();
        assertThat(config.listeners()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "70000"})
    void aJsonPortOutOfRangeIsAUsageError(String port) {
        assertThatThrownBy(() -> config("--json-port", port))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--json-port must be 0..65535: " + port);

        // As a usage error, not a failure to listen: exit code 2. (The message goes to the
        // exception's own CommandLine, System.err, not this one's: EndToEndTest reads it there.)
        assertThat(execute(new StringWriter(), "--port", "0", "--json-port", port)).isEqualTo(2);
    }

    @Test
    void aJsonPortThatIsNotANumberIsAUsageError() {
        StringWriter err = new StringWriter();

        assertThat(execute(err, "--json-port", "json")).isEqualTo(2);

        assertThat(err.toString()).contains("--json-port").contains("json").contains("Usage:");
    }

    @Test
    void aJsonPortNeedsAValue() {
        StringWriter err = new StringWriter();

        assertThat(execute(err, "--json-port")).isEqualTo(2);

        assertThat(err.toString()).contains("--json-port");
    }

    @Test
    void theTextPortIsCheckedTheSameWay() {
        assertThatThrownBy(() -> config("--port", "65536"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--port must be 0..65535: 65536");
    }

    @Test
    void theHelpMentionsTheJsonPort() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ChatServer());
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--help")).isZero();

        assertThat(out.toString()).contains("--json-port=PORT");
    }

    @Test
    void theRoomHistoryAndWaitingLimitsReachTheChatSettings() throws Exception {
        ChatSettings defaults = config().chat();
        ChatSettings set = config("--max-rooms", "50", "--history-bytes", "1024", "--max-unnamed", "7").chat();

        assertThat(defaults.maxRooms()).isEqualTo(ChatSettings.DEFAULT_MAX_ROOMS);
        assertThat(defaults.historyBytes()).isEqualTo(ChatSettings.DEFAULT_HISTORY_BYTES);
        assertThat(defaults.maxUnnamed()).isEqualTo(ChatSettings.DEFAULT_MAX_UNNAMED);
        assertThat(set.maxRooms()).isEqualTo(50);
        assertThat(set.historyBytes()).isEqualTo(1024);
        assertThat(set.maxUnnamed()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--max-rooms=0", "--max-unnamed=0", "--history-bytes=-1", "--history=-1"})
    void aChatLimitOutOfRangeIsAUsageError(String option) {
        assertThatThrownBy(() -> config(option)).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void tlsPortWithSelfSignedAddsATlsListenerAfterTheOthers() throws Exception {
        ServerConfig config = config("--bind", "127.0.0.1", "--port", "0", "--json-port", "0",
                "--tls-port", "0", "--tls-self-signed");

        assertThat(config.listeners()).extracting(Listener::isTls).containsExactly(false, false, true);
        Listener tls = config.listeners().get(2);
        assertThat(tls.format()).isEqualTo(Format.TEXT);
        assertThat(tls.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
        assertThat(tls.tls().identity().fingerprint().toString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void httpPortAddsAnHttpListenerWithItsAllowedOrigins() throws Exception {
        ServerConfig config = config("--port", "6000", "--http-port", "8080",
                "--http-allowed-origin", "https://chat.example.org", "--http-allowed-origin", "http://10.0.0.5:8080");

        assertThat(config.listeners()).containsExactly(
                Listener.text(new InetSocketAddress("0.0.0.0", 6000)),
                Listener.http(new InetSocketAddress("0.0.0.0", 8080),
                        List.of("https://chat.example.org", "http://10.0.0.5:8080")));
        assertThat(config.listeners().get(1).isHttp()).isTrue();
        assertThat(config().listeners()).noneMatch(Listener::isHttp);
    }

    @Test
    void anAllowedOriginMustBeAnOriginAndNeedsAnHttpPort() {
        assertThatThrownBy(() -> config("--http-port", "8080", "--http-allowed-origin", "chat.example.org"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--http-allowed-origin: not an origin");
        assertThatThrownBy(() -> config("--http-allowed-origin", "https://chat.example.org"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--http-allowed-origin needs --http-port");
        assertThatThrownBy(() -> config("--http-port", "65536"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--http-port must be 0..65535: 65536");
    }

    @Test
    void noTlsListenerByDefault() throws Exception {
        assertThat(config().listeners()).noneMatch(Listener::isTls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--tls-self-signed", "--tls-cert=cert.pem", "--tls-key=key.pem"})
    void tlsOptionsWithoutATlsPortAreAUsageError(String option) {
        assertThatThrownBy(() -> config(option))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("need --tls-port");
        assertThat(execute(new StringWriter(), "--port", "0", option)).isEqualTo(2);
    }

    @Test
    void aTlsPortNeedsCertAndKeyTogetherOrSelfSigned() {
        assertThatThrownBy(() -> config("--tls-port", "0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--tls-cert FILE and --tls-key FILE together, or --tls-self-signed");
        assertThatThrownBy(() -> config("--tls-port", "0", "--tls-cert", "cert.pem"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("together");
        assertThatThrownBy(() -> config("--tls-port", "0", "--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("without --tls-cert and --tls-key");
        assertThatThrownBy(() -> config("--tls-port", "65536", "--tls-self-signed"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--tls-port must be 0..65535: 65536");
    }

    /** The loader's own message, whole, as a usage error (exit 2), not a stack trace. */
    @Test
    void aCertificateThatCannotBeReadIsAUsageErrorWithTheLoadersMessage(@TempDir Path dir) {
        Path cert = dir.resolve("missing-cert.pem");
        Path key = dir.resolve("missing-key.pem");

        assertThatThrownBy(() -> config("--tls-port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(cert.toString())
                .hasMessageContaining("no such file");
        assertThat(execute(new StringWriter(), "--port", "0", "--tls-port", "0",
                "--tls-cert", cert.toString(), "--tls-key", key.toString())).isEqualTo(2);
    }

    @Nested
    class Accounts {

        private final String aliceHash = TestHashes.of("alice-password");

        @Test
        void byDefaultNoOperatorsTheDefaultDataDirAndTheDefaultRules() throws Exception {
            ServerConfig.Accounts accounts = config().accounts();

            assertThat(accounts.rules()).isEqualTo(AccountRules.DEFAULTS);
            assertThat(accounts.opers()).isEqualTo(OperTable.NONE);
            assertThat(accounts.operFile()).isNull();
            assertThat(accounts.dataDir()).isEqualTo(Path.of("chatroom-data"));
            assertThat(config("--no-persist").accounts().dataDir()).isNull();
            assertThat(accounts.hashThreads()).isEqualTo(ServerConfig.Accounts.defaultHashThreads());
            assertThat(accounts.hashQueue()).isEqualTo(ServerConfig.Accounts.DEFAULT_HASH_QUEUE);
        }

        @Test
        void theOptionsReachTheRules() throws Exception {
            ServerConfig.Accounts accounts = config("--reserved-names", "Boss,helpdesk", "--allow-plaintext-passwords",
                    "--hash-threads", "3", "--hash-queue", "9", "--password-attempts", "2",
                    "--password-attempt-interval", "45", "--max-registrations", "10").accounts();

            assertThat(accounts.rules()).isEqualTo(new AccountRules(Set.of("boss", "helpdesk"), true, 0, 10, 2,
                    Duration.ofSeconds(45)));
            assertThat(accounts.hashThreads()).isEqualTo(3);
            assertThat(accounts.hashQueue()).isEqualTo(9);
        }

        @Test
        void theTlsPortIsNamedInThePlaintextRefusal() throws Exception {
            assertThat(config("--tls-port", "5443", "--tls-self-signed").accounts().rules().tlsPort()).isEqualTo(5443);
        }

        @ParameterizedTest
        @ValueSource(strings = {"--reserved-names=ad min", "--hash-threads=0", "--hash-queue=0",
            "--password-attempts=0", "--password-attempt-interval=0", "--max-registrations=-1"})
        void anAccountLimitOutOfRangeIsAUsageError(String option) {
            assertThatThrownBy(() -> config(option)).isInstanceOf(CommandLine.ParameterException.class);
        }

        @Test
        void theOperFileIsReadAtStart(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("opers"), "alice " + aliceHash + "\n");

            ServerConfig.Accounts accounts = config("--oper-file", file.toString()).accounts();

            assertThat(accounts.operFile()).isEqualTo(file);
            assertThat(accounts.opers().hash("alice")).isEqualTo(aliceHash);
        }

        @Test
        void aBadOperFileIsAUsageErrorNamingTheFileAndLine(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("opers"), "# ops\nalice\n");

            assertThatThrownBy(() -> config("--oper-file", file.toString()))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessage("--oper-file: " + file + ": line 2: expected ACCOUNT HASH");
            assertThatThrownBy(() -> config("--oper-file", dir.resolve("missing").toString()))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("cannot read");
        }

        @Test
        void aMissingDataDirHoldsNothingAndTheFilesOfOneAreReadAtStart(@TempDir Path tmp) throws Exception {
            Path dir = tmp.resolve("data");
            assertThat(config("--data-dir", dir.toString()).accounts().bans()).isEmpty();
            assertThat(dir).as("made when the server starts, not by reading the options").doesNotExist();
            Files.createDirectories(dir);
            Instant set = Instant.parse("2026-12-02T07:00:00Z");
            List<Ban> bans = List.of(new Ban(1, "bob", null, "alice", set, null, "spam"));
            List<Registration> names = List.of(new Registration("carol", aliceHash, set));
            Files.write(StateStore.bansFile(dir), BanFile.FORMAT.format(bans));
            Files.write(StateStore.namesFile(dir), NameFile.FORMAT.format(names));

            ServerConfig.Accounts accounts = config("--data-dir", dir.toString()).accounts();

            assertThat(accounts.dataDir()).isEqualTo(dir);
            assertThat(accounts.bans()).isEqualTo(bans);
            assertThat(accounts.names()).isEqualTo(names);
        }

        @Test
        void aBadBansFileIsAUsageErrorRatherThanAStartWithoutBans(@TempDir Path dir) throws Exception {
            Files.write(StateStore.bansFile(dir), List.of("# chatroom bans v1", "1\tbob"));

            assertThatThrownBy(() -> config("--data-dir", dir.toString()))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessage("--data-dir: " + StateStore.bansFile(dir) + ": line 2: expected 7 fields separated by "
                            + "tabs, found 2");
            assertThat(execute(new StringWriter(), "--port", "0", "--data-dir", dir.toString())).isEqualTo(2);
        }

        @Test
        void operatorsWithoutADataDirOrTlsAreWarnedAbout(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("opers"), "alice " + aliceHash + "\n");

            assertThat(warnings("--oper-file", file.toString(), "--no-persist"))
                    .contains("bans_not_persisted", "passwords_need_tls");
            assertThat(warnings("--oper-file", file.toString(), "--data-dir", dir.toString(),
                    "--allow-plaintext-passwords")).contains("plaintext_passwords_allowed")
                    .doesNotContain("bans_not_persisted", "passwords_need_tls");
            assertThat(warnings()).as("no operators, no names registered: no passwords to worry about").isEmpty();
        }

        @Test
        @DisabledOnOs(OS.WINDOWS)
        void anOperFileOthersMayReadIsWarnedAbout(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("opers"), "alice " + aliceHash + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

            assertThat(warnings("--oper-file", file.toString(), "--data-dir", dir.toString(),
                    "--allow-plaintext-passwords")).contains("oper_file_readable");
        }

        /** The events the start-up warns about, by name. */
        private List<String> warnings(String... args) throws Exception {
            ChatServer cli = new ChatServer();
            new CommandLine(cli).parseArgs(args);
            try (CapturedLog log = CapturedLog.of(ChatServer.class)) {
                cli.warnAboutAccounts(cli.config());
                return log.messages().stream().map(m -> m.split("[ ]", 2)[0].substring("event=".length())).toList();
            }
        }
    }
}
