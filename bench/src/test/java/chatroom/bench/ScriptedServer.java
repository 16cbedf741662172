package chatroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A fake server on loopback for one connection: it sends a greeting, reads the client's
 * request up to a terminator, sends a reply and closes, as a kick would. With it, the
 * generator's side of a test: a reactor, and the texts of the messages a fleet receives.
 * Given an {@code SSLContext} it speaks TLS, each write of the script a record of its own.
 */
final class ScriptedServer implements AutoCloseable {

    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerSocket listener;
    private final Reactor reactor;
    private final List<String> messages = new ArrayList<>();
    /** The connection {@link #serveAndStay} keeps open until {@link #close()}. */
    private volatile Socket kept;

    ScriptedServer() throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        reactor = new Reactor();
    }

    /** A server that speaks TLS with {@code tls}'s certificate. */
    ScriptedServer(SSLContext tls) throws IOException {
        listener = tls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        reactor = new Reactor();
    }

    Reactor reactor() {
        return reactor;
    }

    /** The texts the fleet's members received, in order. */
    List<String> messages() {
        return messages;
    }

    /** One member, and publishers for {@code senders} if the protocol needs them, aimed at this server. */
    Fleet fleet(Protocol protocol, int senders) {
        Fleet fleet = new Fleet(reactor, protocol, address(), 1, senders, 0, 1024, "b", 1000);
        fleet.setSink((receiver, text, offset, length, receivedNanos) ->
                messages.add(new String(text, offset, length, StandardCharsets.UTF_8)));
        return fleet;
    }

    /** Turns the generator's loop until {@code condition} holds or ten seconds pass. */
    void runUntil(java.util.function.BooleanSupplier condition) throws IOException {
        reactor.runUntil(condition, System.nanoTime() + TIMEOUT_NANOS, Reactor.NOTHING);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /**
     * Serves one connection in the background.
     *
     * @return what the client sent before {@code requestEnd}, once the reply is out
     */
    CompletableFuture<String> serve(String greeting, String requestEnd, String reply) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = listener.accept()) {
                OutputStream out = socket.getOutputStream();
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                String request = readUntil(socket.getInputStream(), requestEnd);
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return request;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A conversation with one client, over its socket, which is closed after it. */
    interface Script<T> {
        T talk(Socket socket) throws IOException;
    }

    /** Serves one connection in the background as {@code script} says, then closes it; returns what the script returned. */
    <T> CompletableFuture<T> serve(Script<T> script) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = listener.accept()) {
                return script.talk(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Serves one connection in the background: the greeting, then, after the request, each
     * reply with a write of its own (over TLS, a record of its own) in one burst, then silence
     * with the connection open until {@link #close()}.
     *
     * @return what the client sent before {@code requestEnd}, once the replies are out
     */
    CompletableFuture<String> serveAndStay(String greeting, String requestEnd, List<String> replies) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = listener.accept();
                kept = socket;
                OutputStream out = socket.getOutputStream();
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                String request = readUntil(socket.getInputStream(), requestEnd);
                for (String reply : replies) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                return request;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What arrives on {@code in} up to {@code end} (not included), or to the end of the stream. */
    static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while (s.indexOf(end) < 0 && (b = in.read()) >= 0) {
            s.append((char) b);
        }
        int at = s.indexOf(end);
        return at < 0 ? s.toString() : s.substring(0, at);
    }

    @Override
    public void close() throws IOException {
        if (kept != null) {
            kept.close();
        }
        listener.close();
        reactor.close();
    }
}
