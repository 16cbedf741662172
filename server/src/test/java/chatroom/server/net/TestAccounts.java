package chatroom.server.net;

import chatroom.protocol.Names;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.PasswordHash;
import chatroom.server.auth.Registration;
import chatroom.server.chat.AccountRules;
import chatroom.server.mod.Ban;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Operators, registered names and bans for the real-socket tests. Hashes are the real
 * {@link PasswordHash} strings made with {@value #ITERATIONS} iterations (the stored string
 * carries its count), so a check costs a millisecond, not a fifth of a second.
 */
final class TestAccounts {

    static final int ITERATIONS = 1000;
    /** The operator of every test: account {@value #OPERATOR}. */
    static final String OPERATOR = "alice";
    static final String OPER_PASSWORD = "oper-Pw-4-alice";
    /** Plenty of password attempts per address: the tests that count them set their own. */
    static final AccountRules RULES = new AccountRules(AccountRules.DEFAULT_RESERVED, true, 0, 100_000, 1000,
            AccountRules.DEFAULTS.passwordInterval());

    private TestAccounts() {
    }

    static String hash(String password) {
        return PasswordHash.hash(password.toCharArray(), ITERATIONS);
    }

    /** {@value #OPERATOR} with {@value #OPER_PASSWORD}. */
    static OperTable operator() {
        return new OperTable(Map.of(Names.key(OPERATOR), hash(OPER_PASSWORD)));
    }

    /** {@code c} with the test operator and {@code rules}; bans in memory, no registrations. */
    static ServerConfig withOperator(ServerConfig c, AccountRules rules) {
        return with(c, rules, operator(), null, List.of(), List.of());
    }

    /** {@code c} with {@code bans} in force from the start, as if read from bans.tsv. */
    static ServerConfig withBans(ServerConfig c, Ban... bans) {
        ServerConfig.Accounts a = c.accounts();
        return with(c, a.rules(), a.opers(), a.dataDir(), Arrays.asList(bans), a.names());
    }

    /** {@code names} registered, each with {@code password}. */
    static List<Registration> registered(String password, String... names) {
        String hash = hash(password);
        return Arrays.stream(names).map(name -> new Registration(name, hash, Instant.EPOCH)).toList();
    }

    static ServerConfig with(ServerConfig c, AccountRules rules, OperTable opers, Path dataDir, List<Ban> bans,
                             List<Registration> names) {
        ServerConfig.Accounts a = c.accounts();
        return c.withAccounts(new ServerConfig.Accounts(rules, a.operFile(), dataDir, a.hashThreads(), a.hashQueue(),
                opers, bans, names));
    }
}
