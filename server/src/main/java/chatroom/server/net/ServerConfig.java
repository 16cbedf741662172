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
 */
public record ServerConfig(
        List<Listener> listeners,
        int maxClients,
        int maxLineBytes,
        long maxOutputBytes,
        double floodRate,
        int floodBurst,
        Duration shutdownGrace,
        ChatSettings chat) {

    public static final int DEFAULT_PORT = 5000;

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
    }

    /** One text listener on {@code address}. */
    public ServerConfig(InetSocketAddress address, int maxClients, int maxLineBytes, long maxOutputBytes,
                        double floodRate, int floodBurst, Duration shutdownGrace, ChatSettings chat) {
        this(List.of(Listener.text(address)), maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat);
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
                shutdownGrace, chat);
    }

    public ServerConfig withAddress(InetSocketAddress address) {
        return withListeners(List.of(Listener.text(address)));
    }

    public ServerConfig withChat(ChatSettings chat) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat);
    }
}
