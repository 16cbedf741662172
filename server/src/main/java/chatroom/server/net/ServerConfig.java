package chatroom.server.net;

import chatroom.protocol.FloodLimit;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.chat.AccountRules;
import chatroom.server.chat.ChatSettings;
import chatroom.server.limit.TokenBucket;
import chatroom.server.mod.Ban;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
 * @param udp the UDP ports and their users' limits; {@link UdpSettings#OFF} for none
 * @param accounts operators, bans and registered names: the rules, the files and what was loaded
 * @param softOutput output a client may hold for a while but not for long, below {@code maxOutputBytes}
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
        Duration outputStallTimeout,
        UdpSettings udp,
        Accounts accounts,
        SoftOutputLimit softOutput) {

    public static final int DEFAULT_PORT = 5000;
    public static final Duration DEFAULT_OUTPUT_STALL = Duration.ofMinutes(5);
    /**
     * The hard cap on one client's unread output: a burst up to this is ridden out, a reader
     * that stops is cut off here or at the soft limit's grace, whichever comes first. About three
     * seconds of a fan-out at full speed (workload 1 of bench/run.sh: 2.5 MB/s to each reader).
     */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 8L * 1024 * 1024;

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

    /** Without UDP: what every caller before UDP gave. */
    public ServerConfig(List<Listener> listeners, int maxClients, int maxLineBytes, long maxOutputBytes,
                        double floodRate, int floodBurst, Duration shutdownGrace, ChatSettings chat,
                        AddressLimits perAddress, long maxTotalOutputBytes, Duration outputStallTimeout) {
        this(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst, shutdownGrace, chat,
                perAddress, maxTotalOutputBytes, outputStallTimeout, UdpSettings.OFF, Accounts.NONE,
                SoftOutputLimit.DEFAULT);
    }

    /**
     * Operators, bans and registered names (docs/PROTOCOL.md, "Operators").
     *
     * @param rules the rules the chat applies
     * @param operFile where the operators were read from (SIGHUP reads it again); null for none
     * @param dataDir where bans and registered names are kept; null keeps bans in memory only
     *     and turns registration off
     * @param hashThreads helper threads that hash passwords
     * @param hashQueue password checks that may wait for a thread; more are answered "busy"
     * @param opers the operators read at start
     * @param bans the bans read at start
     * @param names the registered names read at start
     */
    public record Accounts(
            AccountRules rules,
            Path operFile,
            Path dataDir,
            int hashThreads,
            int hashQueue,
            OperTable opers,
            List<Ban> bans,
            List<Registration> names) {

        public static final int DEFAULT_HASH_QUEUE = 64;
        public static final Accounts NONE = new Accounts(AccountRules.DEFAULTS, null, null, defaultHashThreads(),
                DEFAULT_HASH_QUEUE, OperTable.NONE, List.of(), List.of());

        public Accounts {
            bans = List.copyOf(bans);
            names = List.copyOf(names);
            if (hashThreads < 1 || hashQueue < 1) {
                throw new IllegalArgumentException("hash threads and queue must be positive");
            }
        }

        /** Half the processors, at least one: the loop keeps a core while passwords are hashed. */
        public static int defaultHashThreads() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }

        public Accounts withRules(AccountRules rules) {
            return new Accounts(rules, operFile, dataDir, hashThreads, hashQueue, opers, bans, names);
        }

        public Accounts withOpers(OperTable opers) {
            return new Accounts(rules, operFile, dataDir, hashThreads, hashQueue, opers, bans, names);
        }
    }

    /**
     * UDP users (docs/PROTOCOL.md, "UDP"): where to listen, and the limits that keep a UDP port
     * from being used to flood others (a source address can be forged) or the server.
     *
     * @param addresses where to listen; empty for no UDP
     * @param maxUsers UDP sessions at most (they count against {@code maxClients} too)
     * @param idleTimeout a session that sends nothing for this long ends ("timed out")
     * @param recheck how often a session must show again that its address receives (send back a
     *     fresh code), so that nobody can keep a departed user's traffic flowing by forging its
     *     address
     * @param outputBytesPerSecond what one UDP user may be sent a second on average (more is
     *     dropped); 0 for no limit
     * @param outputBurstBytes what one UDP user may be sent at once
     * @param helloRate answers a second to sources not yet verified, the whole server together
     * @param helloBurst such answers at once
     * @param helloRatePerAddress answers a second to one unverified address (IPv4, IPv6 /64)
     * @param helloBurstPerAddress such answers at once
     */
    public record UdpSettings(
            List<InetSocketAddress> addresses,
            int maxUsers,
            Duration idleTimeout,
            Duration recheck,
            long outputBytesPerSecond,
            int outputBurstBytes,
            double helloRate,
            int helloBurst,
            double helloRatePerAddress,
            int helloBurstPerAddress) {

        public static final UdpSettings OFF = new UdpSettings(List.of(), 1_000, Duration.ofMinutes(5),
                Duration.ofMinutes(10), 256 * 1024, 1024 * 1024, 1_000, 1_000, 1, 8);

        public UdpSettings {
            addresses = List.copyOf(addresses);
            if (maxUsers < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || recheck.isNegative()
                    || recheck.isZero()) {
                throw new IllegalArgumentException("max UDP users, the UDP idle timeout and recheck must be positive");
            }
            if (outputBytesPerSecond < 0 || outputBurstBytes < 1) {
                throw new IllegalArgumentException("UDP output rate must not be negative and its burst must be positive");
            }
            if (!(helloRate > 0) || helloBurst < 1 || !(helloRatePerAddress > 0) || helloBurstPerAddress < 1) {
                throw new IllegalArgumentException("UDP answer rates and bursts must be positive");
            }
        }

        /** The defaults, listening on {@code addresses}. */
        public static UdpSettings on(List<InetSocketAddress> addresses) {
            return OFF.withAddresses(addresses);
        }

        public UdpSettings withAddresses(List<InetSocketAddress> addresses) {
            return new UdpSettings(addresses, maxUsers, idleTimeout, recheck, outputBytesPerSecond, outputBurstBytes,
                    helloRate, helloBurst, helloRatePerAddress, helloBurstPerAddress);
        }

        public UdpSettings withRecheck(Duration recheck) {
            return new UdpSettings(addresses, maxUsers, idleTimeout, recheck, outputBytesPerSecond, outputBurstBytes,
                    helloRate, helloBurst, helloRatePerAddress, helloBurstPerAddress);
        }

        public UdpSettings withLimits(int maxUsers, Duration idleTimeout, long outputBytesPerSecond) {
            return new UdpSettings(addresses, maxUsers, idleTimeout, recheck, outputBytesPerSecond, outputBurstBytes,
                    helloRate, helloBurst, helloRatePerAddress, helloBurstPerAddress);
        }

        public UdpSettings withHelloRates(double rate, int burst, double ratePerAddress, int burstPerAddress) {
            return new UdpSettings(addresses, maxUsers, idleTimeout, recheck, outputBytesPerSecond, outputBurstBytes,
                    rate, burst, ratePerAddress, burstPerAddress);
        }
    }

    /**
     * Output a client may hold for a while (Redis's soft {@code client-output-buffer-limit}): a
     * client over {@code bytes} of unread output for longer than {@code grace} is cut off as too
     * slow. A reader that falls behind for a moment (a busy machine, a slow network) is let catch
     * up; one that stays behind is let go long before the hard cap's memory is spent on it.
     *
     * @param bytes 0 for no soft limit (the hard cap alone)
     */
    public record SoftOutputLimit(long bytes, Duration grace) {

        public static final SoftOutputLimit DEFAULT = new SoftOutputLimit(2L * 1024 * 1024, Duration.ofSeconds(10));
        public static final SoftOutputLimit OFF = new SoftOutputLimit(0, Duration.ZERO);

        public SoftOutputLimit {
            if (bytes < 0 || grace.isNegative()) {
                throw new IllegalArgumentException("soft output limit and its grace must not be negative");
            }
        }

        boolean on() {
            return bytes > 0;
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
                DEFAULT_MAX_OUTPUT_BYTES,
                FloodLimit.DEFAULT_LINES_PER_SECOND,
                FloodLimit.DEFAULT_BURST,
                Duration.ofSeconds(2),
                new ChatSettings(20, 100, Duration.ofSeconds(60), List.of()));
    }

    /** A new connection's flood control as this config sets it; null when it is off. */
    TokenBucket floodControl(long now) {
        return floodRate > 0 ? new TokenBucket(floodRate, floodBurst, now) : null;
    }

    /** The first listener's address: the text port. */
    public InetSocketAddress address() {
        return listeners.get(0).address();
    }

    public ServerConfig withListeners(List<Listener> listeners) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }

    public ServerConfig withPerAddress(AddressLimits perAddress) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }

    public ServerConfig withMemory(long maxTotalOutputBytes, Duration outputStallTimeout) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }

    public ServerConfig withUdp(UdpSettings udp) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }

    public ServerConfig withAccounts(Accounts accounts) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }

    public ServerConfig withAddress(InetSocketAddress address) {
        return withListeners(List.of(Listener.text(address)));
    }

    public ServerConfig withSoftOutput(SoftOutputLimit softOutput) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }

    public ServerConfig withChat(ChatSettings chat) {
        return new ServerConfig(listeners, maxClients, maxLineBytes, maxOutputBytes, floodRate, floodBurst,
                shutdownGrace, chat, perAddress, maxTotalOutputBytes, outputStallTimeout, udp, accounts, softOutput);
    }
}
