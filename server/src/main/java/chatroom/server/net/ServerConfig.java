package chatroom.server.net;

import chatroom.server.chat.ChatSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything the server is told at start; {@link #defaults()} are the documented defaults.
 *
 * @param listeners where to listen, each with how its connections start out; at least one
 * @param maxClients connections beyond this get "server full" and are closed
 * @param maxLineBytes the longest line accepted, in bytes, without its line end
 * @param maxOutputBytes the most output that may wait for a client before it is cut off
 * @param floodRate lines a second a client may send on average; 0 turns flood control off
 * @param floodBurst lines a client may send at once
 * @param shutdownGrace how long shutdown, and a close after a goodbye, wait for output to drain
 * @param chat the chat's own settings
 * @param perAddress what one client address may hold and how fast it may connect
 * @param maxTotalOutputBytes the most output that may wait for all clients together; 0 derives
 *     it from the JVM's heap and direct-memory limits
 * @param outputStallTimeout a connection that sent nothing and whose output has not moved for this
 *     long is closed: a peer that vanished without a FIN or RST
 */
public record ServerConfig(
        List<Listener> listeners,
        int maxClients,
        int maxLineBytes,
        long maxOutputBytes,
        double floodRate,
        int floodBurst,
        Duration shutdownGrace,
        ChatSettings chat,
        AddressLimits perAddress,
        long maxTotalOutputBytes,
        Duration outputStallTimeout) {

    public static final int DEFAULT_PORT = 5000;
    public static final Duration DEFAULT_OUTPUT_STALL = Duration.ofMinutes(5);

    public ServerConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is needed");
        }
        if (maxClients < 1 || maxLineBytes < 1 || maxOutputBytes < 1) {
            throw new IllegalArgumentException("max clients, line and output bytes must be positive");
        }
        if (floodRate < 0 || (floodRate > 0 && floodBurst < 1)) {
            throw new IllegalArgumentException("flood rate must not be negative and burst must be positive");
        }
        if (maxTotalOutputBytes < 0) {
            throw new IllegalArgumentException("max total output bytes must not be negative (0: derive it)");
        }
        if (outputStallTimeout.isNegative() || outputStallTimeout.isZero()) {
            throw new IllegalArgumentException("output stall timeout must be positive");
        }
    }

    /**
     * Limits per client address (IPv4 address, or IPv6 /64), kept by the acceptors together.
     *
     * @param maxConnections connections one address may have open at once
     * @param connectRate new connections a second one address may open on average
     * @param connectBurst new connections one address may open at once
     */
    public record AddressLimits(int maxConnections, double connectRate, int connectBurst) {

        public static final AddressLimits DEFAULTS = new AddressLimits(10, 1, 10);

        public AddressLimits {
            if (maxConnections < 1 || connectRate <= 0 || connectBurst < 1) {
                throw new IllegalArgumentException("per-address limits must be positive");
            }
        }
    }

    /** One text listener on {@code address}. */
    public ServerConfig(InetSocketAddress address, int maxClients, int maxLineBytes, long maxOutputBytes,
                        double floodRate, int floodBurst, Duration shutdownGrace, ChatSettings chat) {
        this(List.of(Listener.text(address)), maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, AddressLimits.DEFAULTS, 0, DEFAULT_OUTPUT_STALL);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(
                new InetSocketAddress("0.0.0.0", DEFAULT_PORT),
                10_000,
                4096,
                1024 * 1024,
                10,
                20,
                Duration.ofSeconds(2),
                new ChatSettings(20, 100, Duration.ofSeconds(60), List.of()));
    }

    /** The first listener's address: the text port. */
    public InetSocketAddress address() {
        return listeners.get(0).address();
    }

    public ServerConfig withListeners(List<Listener> listeners) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout);
    }

    public ServerConfig withPerAddress(AddressLimits perAddress) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout);
    }

    public ServerConfig withMemory(long maxTotalOutputBytes, Duration outputStallTimeout) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout);
    }

    public ServerConfig withAddress(InetSocketAddress address) {
        return withListeners(List.of(Listener.text(address)));
    }

    public ServerConfig withChat(ChatSettings chat) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout);
    }
}
