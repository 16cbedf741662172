package chatroom.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** How the client reaches the server: TCP (plain or TLS) or UDP, each making its own kind of {@link Wire}. */
interface Transport {

    /** A connection to {@code host:port} that is ready to carry lines, made within {@code timeout}. */
    Wire connect(String host, int port, Duration timeout) throws IOException;

    /** What follows {@code host:port} wherever the user sees the server named: " (TLS)", " (UDP)", or nothing. */
    String label();

    /** Whether what is sent is encrypted (TLS): only then does the client send a password by itself. */
    boolean encrypted();

    /** @param tls how to make TLS connections; null for plain text */
    static Transport tcp(TlsConnector tls) {
        return new OverTcp(tls);
    }

    static Transport udp() {
        return new OverUdp(System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    record OverTcp(TlsConnector tls) implements Transport {
        @Override
        public Wire connect(String host, int port, Duration timeout) throws IOException {
            return TcpWire.connect(host, port, tls, timeout);
        }

        @Override
        public String label() {
            return tls == null ? "" : " (TLS)";
        }

        @Override
        public boolean encrypted() {
            return tls != null;
        }
    }

    /**
     * @param clock {@link System#nanoTime()}, or a test's: what the keepalive, the silence limit and the pace of lines count in
     * @param pause how the writer waits for its pace, or a test's that moves its clock
     */
    record OverUdp(LongSupplier clock, LinePacer.Pause pause) implements Transport {
        @Override
        public Wire connect(String host, int port, Duration timeout) throws IOException {
            return UdpWire.connect(host, port, timeout, clock, pause);
        }

        @Override
        public String label() {
            return " (UDP)";
        }

        @Override
        public boolean encrypted() {
            return false;
        }
    }
}
