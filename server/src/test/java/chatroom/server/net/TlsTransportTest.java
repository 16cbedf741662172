package chatroom.server.net;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TlsTransport} over a real loopback socket pair, driven the way {@link Connection}
 * drives it (read on what {@link TlsTransport#ready} reports, read again only when it says it
 * holds input), against a JDK client {@link SSLEngine} that the test steps by hand, so a
 * record can be cut in pieces, bundled with others or replaced by garbage. Both sides run on
 * the test thread: no sleeping, and a step that never comes fails with what was waited for.
 */
class TlsTransportTest {

    private static TestTls tls;

    @TempDir
    static Path dir;

    private Server server;
    private Peer peer;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.in(dir);
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            peer.channel.close();
        }
    }

    private void connect(String protocol, int readBufferBytes) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            client.configureBlocking(false);
            SSLEngine engine = tls.client.createSSLEngine("localhost", 0);
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {protocol});
            peer = new Peer(client, engine);
            server = new Server(listener.accept(), readBufferBytes);
        }
    }

    private void handshake(String protocol) throws IOException {
        connect(protocol, EventLoop.READ_BUFFER_BYTES);
        peer.engine.beginHandshake();
        until(() -> peer.handshaken && server.transport.established(), "the handshake");
        assertThat(peer.engine.getSession().getProtocol()).isEqualTo(protocol);
    }

    /** Both sides take turns until {@code done}; a run that goes nowhere fails with {@code what}. */
    private void until(BooleanSupplier done, String what) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("never happened: " + what + "; server read \"" + server.text()
                        + "\", peer read \"" + peer.text + "\"");
            }
            server.turn();
            peer.turn();
        }
    }

    /** The server's turns until one throws: an IOException, which closes the connection with a reason; nothing else. */
    private IOException serverFails() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            try {
                server.turn();
            } catch (IOException e) {
                return e;
            }
        }
        throw new AssertionError("the server never failed; it read \"" + server.text() + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void handshakesAndCarriesLinesBothWays(String protocol) throws IOException {
        handshake(protocol);

        peer.send("hello\r\n");
        server.send("hi there\r\n");
        until(() -> server.text().equals("hello\r\n") && peer.text.toString().equals("hi there\r\n"), "a line each way");
    }

    @Test
    void holdsNoNetworkBufferWhileIdle() throws IOException {
        handshake("TLSv1.3");
        peer.send("hello\r\n");
        server.send("hi\r\n");
        until(() -> server.text().equals("hello\r\n") && peer.text.length() == 4, "a line each way");

        assertThat(server.transport.buffersHeld()).isZero();
        assertThat(server.transport.pendingOutput()).isZero();
    }

    @Nested
    class Records {

        @Test
        void aLineSplitAcrossRecordsIsOneLine() throws IOException {
            handshake("TLSv1.3");

            peer.sendRaw(concat(peer.record("hel"), peer.record("lo\r"), peer.record("\n")));
            until(() -> server.text().equals("hello\r\n"), "the line");
        }

        @Test
        void manyLinesInOneRecordAreAllRead() throws IOException {
            handshake("TLSv1.2");

            peer.send("one\r\ntwo\r\nthree\r\n");
            until(() -> server.text().equals("one\r\ntwo\r\nthree\r\n"), "three lines");
        }

        /** BUFFER_UNDERFLOW: the header alone, then part of the body, then the rest. */
        @ParameterizedTest
        @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
        void aRecordArrivingInPiecesIsReadOnceWhole(String protocol) throws IOException {
            handshake(protocol);
            byte[] record = peer.record("in pieces\r\n");

            peer.sendRaw(Arrays.copyOfRange(record, 0, 3));
            server.turnsUntilQuiet();
            peer.sendRaw(Arrays.copyOfRange(record, 3, 10));
            server.turnsUntilQuiet();
            assertThat(server.text()).isEmpty();
            assertThat(server.transport.buffersHeld()).isEqualTo(1); // the part record waits in netIn

            peer.sendRaw(Arrays.copyOfRange(record, 10, record.length));
            until(() -> server.text().equals("in pieces\r\n"), "the whole record");
            assertThat(server.transport.buffersHeld()).isZero();
        }
    }

    @Nested
    class HeldInput {

        /**
         * Whole records stay in the transport when the read buffer fills; the kernel has handed
         * them over already, so only {@link TlsTransport#hasBufferedInput} tells the caller.
         */
        @Test
        void recordsLeftWhenTheReadBufferFillsAreReadWithoutTheSelector() throws IOException {
            connect("TLSv1.3", 1000);
            peer.engine.beginHandshake();
            until(() -> peer.handshaken && server.transport.established(), "the handshake");
            String a = "a".repeat(598) + "\r\n";
            String b = "b".repeat(598) + "\r\n";
            String c = "c".repeat(598) + "\r\n";

            peer.sendRaw(concat(peer.record(a), peer.record(b), peer.record(c)));
            until(() -> server.text().equals(a + b + c), "three records");
            assertThat(server.readsOfHeldInput).isPositive();
            assertThat(server.transport.hasBufferedInput()).isFalse();
        }

        /** BUFFER_OVERFLOW with nothing read yet: the record is decrypted aside and handed over in parts. */
        @Test
        void aReadBufferSmallerThanARecordGetsItInParts() throws IOException {
            connect("TLSv1.2", 100);
            peer.engine.beginHandshake();
            until(() -> peer.handshaken && server.transport.established(), "the handshake");
            String line = "x".repeat(998) + "\r\n";

            peer.send(line);
            until(() -> server.text().equals(line), "the record, 100 bytes at a time");
            assertThat(server.readsOfHeldInput).isPositive();
            assertThat(server.transport.hasBufferedInput()).isFalse();
        }
    }

    @Nested
    class PostHandshake {

        /** The client's KeyUpdate between two lines: the server answers with its own and goes on. */
        @Test
        void aKeyUpdateDuringDataIsAnsweredAndDataGoesOnBothWays() throws IOException {
            handshake("TLSv1.3");
            peer.send("before\r\n");
            until(() -> server.text().equals("before\r\n"), "the first line");

            byte[] keyUpdate = peer.keyUpdate();
            peer.sendRaw(concat(keyUpdate, peer.record("after\r\n")));
            until(() -> server.text().equals("before\r\nafter\r\n"), "the line after the key update");

            server.send("answer\r\n");
            until(() -> peer.text.toString().equals("answer\r\n"), "the server's line under the new keys");
        }

        /**
         * A TLS 1.2 client that begins a new handshake on an established connection: a full
         * handshake's public-key work for the server each time, with no connect rate behind it.
         * Refused: the connection fails before the server does any of that work.
         */
        @Test
        void aTls12RenegotiationIsRefused() throws IOException {
            handshake("TLSv1.2");
            peer.send("before\r\n");
            until(() -> server.text().equals("before\r\n"), "the first line");

            peer.engine.getSession().invalidate();
            peer.engine.beginHandshake();
            peer.turn(); // the new ClientHello goes out
            server.takeWork();

            assertThat(serverFails()).hasMessageContaining("renegotiation");
            assertThat(server.work).as("no handshake task was run").isLessThan(TurnBudget.HANDSHAKE_TASK);
        }

        /** TLS 1.3 servers send NewSessionTicket right after the handshake; the client reads it with the first line. */
        @Test
        void theSessionTicketGoesOutBeforeTheFirstLine() throws IOException {
            handshake("TLSv1.3");

            server.send("first\r\n");
            until(() -> peer.text.toString().equals("first\r\n"), "the first line");
            assertThat(server.transport.pendingOutput()).isZero();
        }
    }

    /**
     * What one read may cost. A record has a price whatever it holds, and a KeyUpdate more (new
     * keys, and an answer): a client can send them by the thousand, made in advance. Each read
     * stops once it has done a connection's share of work, and the work is handed to the
     * connection to pay, so the fair shares of a turn apply to records as to lines.
     */
    @Nested
    class Flooding {

        /** Records of one byte each: 65,536 of them filled one read (84 to 195 ms) for 256 units. */
        @Test
        void recordsOfOneByteAreReadAShareAtATimeAndPaidFor() throws IOException {
            handshake("TLSv1.3");
            int records = 3000;
            ByteBuffer flood = ByteBuffer.allocate(records * 64);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < records; i++) {
                String one = String.valueOf((char) ('a' + i % 26));
                flood.put(peer.record(one));
                sent.append(one);
            }
            flood.flip();
            server.takeWork(); // the handshake's

            while (flood.hasRemaining()) {
                if (peer.channel.write(flood) == 0) {
                    server.turn(); // the socket is full: let the server read some
                }
            }
            until(() -> server.text().length() == records, "every record");

            assertThat(server.text()).isEqualTo(sent.toString());
            assertThat(server.largestRead).as("bytes from one read").isLessThanOrEqualTo(
                    (int) (TlsTransport.READ_WORK / TurnBudget.TLS_RECORD) + 1);
            assertThat(server.work).as("what the records cost").isGreaterThanOrEqualTo(records * TurnBudget.TLS_RECORD);
            assertThat(server.transport.buffersHeld()).isZero();
        }

        /** 2,000 KeyUpdates (86 KB) held one read for 0.3 to 1.5 s and cost nothing. */
        @Test
        void keyUpdatesAreAnsweredAShareAtATimeAndPaidFor() throws IOException {
            handshake("TLSv1.3");
            int updates = 200;
            ByteBuffer flood = ByteBuffer.allocate(updates * 64 + 1024);
            for (int i = 0; i < updates; i++) {
                flood.put(peer.keyUpdate());
            }
            flood.put(peer.record("after\r\n")).flip();
            server.takeWork(); // the handshake's

            peer.sendRaw(flood.array(), flood.limit());
            until(() -> server.text().equals("after\r\n"), "the line after the key updates");

            assertThat(server.work).as("what the key updates cost")
                    .isGreaterThanOrEqualTo(updates * TurnBudget.TLS_BARE_RECORD);
            assertThat(server.largestReadWork).as("the work of one read")
                    .isLessThanOrEqualTo(TlsTransport.READ_WORK + TurnBudget.TLS_BARE_RECORD);
            server.send("answer\r\n");
            until(() -> peer.text.toString().equals("answer\r\n"), "the server's line under its newest keys");
        }
    }

    @Nested
    class Closing {

        /** In TLS 1.3 the client may keep its socket open after close_notify: the end must be reported anyway. */
        @ParameterizedTest
        @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
        void thePeersCloseNotifyEndsReadingAfterItsData(String protocol) throws IOException {
            handshake(protocol);

            peer.sendRaw(concat(peer.record("last words\r\n"), peer.closeNotify()));
            until(() -> server.eof, "the end of the stream");
            assertThat(server.text()).isEqualTo("last words\r\n");
        }

        @Test
        void anEofWithoutCloseNotifyEndsReadingToo() throws IOException {
            handshake("TLSv1.3");

            peer.send("cut\r\n");
            until(() -> server.text().equals("cut\r\n"), "the line");
            peer.channel.shutdownOutput(); // a FIN, no close_notify
            until(() -> server.eof, "the end of the stream");
        }

        /** Our close: what was queued, then close_notify, then the FIN; the client may still talk in TLS 1.3. */
        @Test
        void shutdownOutputSendsCloseNotifyAfterTheDataAndReadingGoesOn() throws IOException {
            handshake("TLSv1.3");

            server.send("*** Bye!\r\n");
            until(() -> server.out.isEmpty() && server.transport.pendingOutput() == 0, "the goodbye written");
            server.transport.shutdownOutput();
            until(() -> peer.closeNotified && peer.eof, "close_notify and the FIN");
            assertThat(peer.text.toString()).isEqualTo("*** Bye!\r\n");

            peer.send("late line\r\n"); // a half-closed TLS 1.3 stream still carries the client's side
            peer.sendRaw(peer.closeNotify());
            until(() -> server.eof, "the client's end");
            assertThat(server.text()).isEqualTo("late line\r\n");
        }

        /** TLS 1.2 closes both ways: the client answers our close_notify with its own, which reads as the end. */
        @Test
        void inTls12TheClientsAnswerToCloseNotifyEndsReading() throws IOException {
            handshake("TLSv1.2");

            server.send("*** Bye!\r\n");
            until(() -> server.out.isEmpty() && server.transport.pendingOutput() == 0, "the goodbye written");
            server.transport.shutdownOutput();
            until(() -> server.eof && peer.closeNotified, "close_notify each way");
            assertThat(peer.text.toString()).isEqualTo("*** Bye!\r\n");
        }
    }

    @Nested
    class BadInput {

        @Test
        void plaintextInsteadOfAHandshakeIsAnIoException() throws IOException {
            connect("TLSv1.3", EventLoop.READ_BUFFER_BYTES);

            peer.sendRaw("alice\r\nhello\r\n".getBytes(ISO_8859_1));
            assertThat(serverFails()).isInstanceOf(IOException.class);
        }

        @Test
        void aForgedRecordAfterTheHandshakeIsAnIoException() throws IOException {
            handshake("TLSv1.3");
            byte[] forged = peer.record("a genuine line\r\n");
            forged[forged.length - 1] ^= 1; // the authentication tag no longer matches

            peer.sendRaw(forged);
            assertThat(serverFails()).isInstanceOf(IOException.class);
        }

        @Test
        void plaintextAfterTheHandshakeIsAnIoException() throws IOException {
            handshake("TLSv1.2");

            peer.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
            assertThat(serverFails()).isInstanceOf(IOException.class);
        }
    }

    @Nested
    class PendingOutput {

        /**
         * KeyUpdates from a client that does not read: the server's answers fill its socket, and
         * the records left cannot be read until the socket takes them. The transport must not
         * ask to be read meanwhile (neither as held input nor through the selector): it did, and
         * the loop read that connection every turn for nothing, at 100% CPU, until the client went.
         */
        @Test
        void recordsWaitingBehindAnAnswerTheSocketWillNotTakeAreNotReadForNothing() throws IOException {
            handshake("TLSv1.3");
            ((SocketChannel) server.key.channel()).setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4096);
            int updates = 6_000;
            ByteBuffer flood = ByteBuffer.allocate(updates * 64 + 1024);
            for (int i = 0; i < updates; i++) {
                flood.put(peer.keyUpdate());
            }
            flood.put(peer.record("after\r\n")).flip();

            int turns = 0;
            while (true) {
                server.selector.selectedKeys().clear();
                int written = peer.channel.write(flood); // the peer reads nothing meanwhile
                server.turn();
                assertThat(++turns).as("server turns while the client reads nothing").isLessThan(5_000);
                if (written == 0 && !server.readAgain && server.selector.selectNow() == 0) {
                    break; // quiet: the server waits for the client to read
                }
            }
            server.selector.selectedKeys().clear();
            assertThat(server.transport.pendingOutput()).as("answers the socket would not take").isPositive();
            assertThat(server.text()).isEmpty();

            until(() -> {
                try {
                    peer.channel.write(flood);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return server.text().equals("after\r\n");
            }, "the line, once the client reads");
            server.send("answer\r\n");
            until(() -> peer.text.toString().equals("answer\r\n"), "the server's line under its newest keys");
        }

        /** A client that stops reading: the ciphertext the socket would not take is counted, and written later. */
        @Test
        void ciphertextTheSocketWouldNotTakeIsCountedAndWrittenOnWritable() throws IOException {
            handshake("TLSv1.3");
            ByteBuffer chunk = ByteBuffer.wrap("y".repeat(64 * 1024).getBytes(ISO_8859_1));
            long taken = 0;
            long n;
            do {
                ByteBuffer[] srcs = {chunk.duplicate()};
                n = server.transport.write(srcs, 0, 1);
                taken += n;
            } while (n > 0);

            assertThat(server.transport.pendingOutput()).isPositive();
            assertThat(server.key.interestOps() & SelectionKey.OP_WRITE).isNotZero(); // though nobody asked

            long expected = taken;
            until(() -> peer.text.length() == expected, "everything taken, read by the client");
            assertThat(server.transport.pendingOutput()).isZero();
            assertThat(server.key.interestOps() & SelectionKey.OP_WRITE).isZero();
            assertThat(server.transport.buffersHeld()).isZero();
        }
    }

    // ------------------------------------------------------------------ fixtures

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The server's side, as {@link Connection} runs it: read on readiness, and again while the transport holds input. */
    static final class Server implements AutoCloseable {
        final Selector selector;
        final SelectionKey key;
        final TlsTransport transport;
        final OutboundQueue out = new OutboundQueue();
        private final ByteBuffer readBuffer;
        private final StringBuilder received = new StringBuilder();
        private final ByteBuffer[] scratch = new ByteBuffer[64];
        boolean eof;
        /** Reads made because the transport said it held input, the selector having reported nothing. */
        int readsOfHeldInput;
        /** The most bytes one read returned, and the most work ({@link TlsTransport#takeWork}) one read did. */
        int largestRead;
        long largestReadWork;
        /** All the transport's work since {@link #takeWork}. */
        long work;
        private boolean readAgain;

        Server(SocketChannel channel, int readBufferBytes) throws IOException {
            channel.configureBlocking(false);
            selector = Selector.open();
            key = channel.register(selector, SelectionKey.OP_READ);
            transport = new TlsTransport(channel, key, channel.getRemoteAddress(),
                    tls.server.newServerEngine(), new BlockPool(4, TlsTransport.PACKET_BYTES));
            readBuffer = ByteBuffer.allocateDirect(readBufferBytes);
        }

        String text() {
            return received.toString();
        }

        void send(String text) throws IOException {
            out.add(ByteBuffer.wrap(text.getBytes(ISO_8859_1)));
            flush();
        }

        void turn() throws IOException {
            int readyOps = 0;
            if (readAgain ? selector.selectNow() > 0 : selector.select(10) > 0) {
                readyOps = key.readyOps();
            }
            selector.selectedKeys().clear();
            readAgain = false;
            int ops = transport.ready(readyOps);
            work += transport.takeWork();
            if ((ops & SelectionKey.OP_READ) != 0 && !eof) {
                if ((readyOps & SelectionKey.OP_READ) == 0) {
                    readsOfHeldInput++;
                }
                read();
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 || !out.isEmpty()) {
                flush();
            }
        }

        /** Turns until a select reports nothing and the transport holds nothing to read. */
        void turnsUntilQuiet() throws IOException {
            do {
                turn();
            } while (readAgain || selector.selectNow() > 0);
            selector.selectedKeys().clear();
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = transport.read(readBuffer);
            long done = transport.takeWork();
            work += done;
            largestReadWork = Math.max(largestReadWork, done);
            largestRead = Math.max(largestRead, n);
            if (n < 0) {
                eof = true;
                return;
            }
            readBuffer.flip();
            byte[] bytes = new byte[readBuffer.remaining()];
            readBuffer.get(bytes);
            received.append(new String(bytes, ISO_8859_1));
            readAgain = transport.hasBufferedInput();
        }

        /** Forgets the work counted so far (the handshake's, before a test of what comes after). */
        void takeWork() {
            transport.takeWork();
            work = 0;
            largestReadWork = 0;
            largestRead = 0;
        }

        private void flush() throws IOException {
            out.writeTo(transport, scratch, Long.MAX_VALUE);
            transport.wantWrite(!out.isEmpty());
        }

        @Override
        public void close() throws IOException {
            transport.close();
            selector.close();
        }
    }

    /** A JDK client engine over a non-blocking socket, stepped by the test. */
    static final class Peer {
        private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

        final SocketChannel channel;
        final SSLEngine engine;
        final StringBuilder text = new StringBuilder();
        boolean handshaken;
        boolean closeNotified;
        boolean eof;
        private final ByteBuffer netIn = ByteBuffer.allocate(1 << 17);
        private final ByteBuffer appIn = ByteBuffer.allocate(1 << 17);

        Peer(SocketChannel channel, SSLEngine engine) {
            this.channel = channel;
            this.engine = engine;
        }

        /** Everything the client can do now without waiting: handshake steps, and reading what arrived. */
        void turn() throws IOException {
            if (!eof && channel.read(netIn) < 0) {
                eof = true;
            }
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    engine.getDelegatedTask().run();
                    continue;
                }
                if (status == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                    byte[] flight = wrap(NOTHING);
                    if (flight.length > 0) {
                        sendRaw(flight);
                        continue;
                    }
                }
                netIn.flip();
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                netIn.compact();
                note(r);
                appIn.flip();
                text.append(ISO_8859_1.decode(appIn));
                appIn.clear();
                if (r.getStatus() == Status.CLOSED) {
                    closeNotified = true;
                    break;
                }
                if (r.getStatus() == Status.BUFFER_UNDERFLOW || (r.bytesConsumed() == 0
                        && engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                        && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP)) {
                    break;
                }
            }
        }

        /** {@code text} as one record, not sent. */
        byte[] record(String text) throws IOException {
            return wrap(new ByteBuffer[] {ByteBuffer.wrap(text.getBytes(ISO_8859_1))});
        }

        void send(String text) throws IOException {
            sendRaw(record(text));
        }

        /** A TLS 1.3 KeyUpdate asking for the server's, not sent. */
        byte[] keyUpdate() throws IOException {
            engine.beginHandshake();
            return wrap(NOTHING);
        }

        byte[] closeNotify() throws IOException {
            engine.closeOutbound();
            return wrap(NOTHING);
        }

        void sendRaw(byte[] bytes, int length) throws IOException {
            sendRaw(Arrays.copyOf(bytes, length));
        }

        void sendRaw(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer); // small: the socket's buffer takes it
            }
        }

        private byte[] wrap(ByteBuffer[] srcs) throws IOException {
            ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
            SSLEngineResult r = engine.wrap(srcs, net);
            note(r);
            net.flip();
            byte[] bytes = new byte[net.remaining()];
            net.get(bytes);
            return bytes;
        }

        private void note(SSLEngineResult r) {
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshaken = true;
            }
        }
    }
}
