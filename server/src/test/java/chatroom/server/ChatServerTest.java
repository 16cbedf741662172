package chatroom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.Format;
import chatroom.server.chat.ChatSettings;
import chatroom.server.net.Listener;
import chatroom.server.net.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
                        java.util.List.of("https://chat.example.org", "http://10.0.0.5:8080")));
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
}
