package chatroom.server.chat;

import chatroom.protocol.Names;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules for names, passwords and operators (docs/PROTOCOL.md, "Operators" and
 * "Registered names").
 *
 * @param reservedNames names nobody may take, by {@link Names#key}
 * @param allowPlaintextPasswords whether password commands are taken over a connection that is
 *     not encrypted (only TLS is)
 * @param tlsPort the TLS port named in the refusal of a plaintext password; 0 for none
 * @param maxRegistrations registered names at most
 * @param passwordAttempts password attempts one address may make at once
 * @param passwordInterval after those, one more attempt per this long
 */
public record AccountRules(
        Set<String> reservedNames,
        boolean allowPlaintextPasswords,
        int tlsPort,
        int maxRegistrations,
        int passwordAttempts,
        Duration passwordInterval) {

    /**
     * Names that would pass for the server, and "you": the text lines say "You may speak again"
     * to the reader and "bob may speak again" of bob, so a user called You would read as the reader.
     */
    public static final Set<String> DEFAULT_RESERVED = Set.of(
            "server", "admin", "root", "operator", "nickserv", "chanserv", "chatroom", "system", "you", ChatSettings.LOBBY);
    public static final AccountRules DEFAULTS =
            new AccountRules(DEFAULT_RESERVED, false, 0, 100_000, 5, Duration.ofSeconds(20));

    public AccountRules {
        reservedNames = reservedNames.stream().map(Names::key).collect(Collectors.toUnmodifiableSet());
        if (maxRegistrations < 0 || passwordAttempts < 1 || passwordInterval.isNegative() || passwordInterval.isZero()) {
            throw new IllegalArgumentException("registrations must not be negative, password attempts and interval positive");
        }
    }

    public AccountRules withPlaintextPasswords(boolean allow) {
        return new AccountRules(reservedNames, allow, tlsPort, maxRegistrations, passwordAttempts, passwordInterval);
    }

    public AccountRules withTlsPort(int port) {
        return new AccountRules(reservedNames, allowPlaintextPasswords, port, maxRegistrations, passwordAttempts,
                passwordInterval);
    }
}
