package chatroom.server.net;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Plain sockets for the hostile tests: bytes in, bytes out, and how the server ended it. */
final class RawSockets {

    private RawSockets() {
    }

    /** A socket to the loopback {@code port} whose reads give up after the client timeout. */
    static Socket connect(int port) throws IOException {
        return connectFrom(null, port);
    }

    /** The same from the local address {@code local} (null: any), as another client address. */
    static Socket connectFrom(String local, int port) throws IOException {
        Socket socket = bound(local);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TestClient.TIMEOUT.toMillis());
        socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
        return socket;
    }

    /** A socket not yet connected, bound to {@code local} on a free port (null: left to connect). */
    static Socket bound(String local) throws IOException {
        Socket socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        return socket;
    }

    /**
     * Reads until the server ends the connection (EOF or a reset), failing if it does not within
     * the client timeout; returns the bytes that came before.
     */
    static byte[] awaitEnd(Socket socket) throws IOException {
        return read(socket, true);
    }

    /**
     * Reads until the server's EOF; a reset instead fails the test, since it would have
     * destroyed the answer for a client slower to read (a goodbye, an HTTP refusal).
     */
    static byte[] readToEnd(Socket socket) throws IOException {
        return read(socket, false);
    }

    private static byte[] read(Socket socket, boolean resetEnds) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) != -1) {
                got.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not end the connection within " + TestClient.TIMEOUT + "; got " + got.size() + " bytes");
        } catch (IOException reset) {
            if (!resetEnds) {
                throw reset;
            }
        }
        return got.toByteArray();
    }
}
