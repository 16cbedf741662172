package chatroom.server.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Format;
import chatroom.server.chat.ChatSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@link Connection} and chat over a {@link TlsTransport}, against a JDK
 * {@link SSLSocket} client on a thread of its own: the draining close still sends the goodbye
 * line, and close_notify only after it. The test thread runs the selector and the
 * after-events step the way the loop does.
 */
class TlsConnectionTest {

    private static TestTls tls;
    private static final ExecutorService clients = Executors.newCachedThreadPool();

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.in(dir);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aQuittingClientGetsItsGoodbyeThenCloseNotify(String protocol) throws Exception {
        ChatSettings chat = new ChatSettings(20, 100, Duration.ofSeconds(60), List.of());
        ServerConfig config = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), 100, 4096, 1 << 20, 0, 1,
                Duration.ofSeconds(2), chat);
        ConnectionTest.TestContext context = new ConnectionTest.TestContext(config);
        try (ServerSocketChannel listener = ServerSocketChannel.open(); Selector selector = Selector.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            Future<List<String>> client = clients.submit(() -> {
                try (SSLSocket socket = (SSLSocket) tls.client.getSocketFactory()
                        .createSocket(address.getAddress(), address.getPort())) {
                    socket.setEnabledProtocols(new String[] {protocol});
                    socket.startHandshake();
                    OutputStream out = socket.getOutputStream();
                    out.write("alice\r\nhello, encrypted\r\n/quit\r\n".getBytes(UTF_8));
                    out.flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
                    List<String> lines = new ArrayList<>();
                    String line;
                    while ((line = in.readLine()) != null) { // null: close_notify (or EOF)
                        lines.add(line);
                    }
                    return lines;
                }
            });
            SocketChannel channel = listener.accept();
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            TlsTransport transport = new TlsTransport(channel, key, channel.getRemoteAddress(),
                    tls.server.newServerEngine(), new BlockPool(4, TlsTransport.PACKET_BYTES));
            Connection connection = new Connection(context, 1, transport,
                    new LineFraming(config.maxLineBytes(), Format.TEXT), null);
            key.attach(connection);
            connection.start();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(client.isDone() && connection.isClosing()) && System.nanoTime() - deadline < 0) {
                context.afterEvents();
                selector.select(ready -> connection.onReady(ready), 10);
            }
            context.afterEvents();

            List<String> lines = client.get(1, TimeUnit.SECONDS);
            assertThat(lines).isNotEmpty();
            assertThat(lines.get(lines.size() - 1)).isEqualTo("*** Bye!");
            assertThat(connection.isClosing()).as("closed once the client's end was read").isTrue();
            assertThat(context.outputBudget.total()).isZero();
        }
    }
}
