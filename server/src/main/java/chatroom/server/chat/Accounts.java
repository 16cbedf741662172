package chatroom.server.chat;

import chatroom.protocol.Command;
import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.protocol.Passwords;
import chatroom.protocol.Problem;
import chatroom.server.auth.Hashing;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.PasswordLimits;
import chatroom.server.auth.Registration;
import chatroom.server.log.LogValues;
import chatroom.server.limit.AddressKey;
import chatroom.server.mod.BanList;
import chatroom.server.store.Persistence;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwords in the chat: registered names ({@code /register}, {@code /identify},
 * {@code /unregister}, {@code /passwd}) and operators ({@code /oper}, {@code /deoper}).
 *
 * <p><b>Order of the checks</b>, cheapest and most telling first: a password sent in clear
 * is refused before anything else (no hash is spent on it, and the user is told to change
 * it); then one check in flight per session; then the password rule; then what the command
 * needs (a registration, ...); then the per-address and per-name limits; only then the hash,
 * which runs on a helper thread ({@link Hashing}) and comes back on the loop.
 *
 * <p><b>When the answer comes back</b> the world may have moved on: the session may be gone,
 * it may have asked for another name (its check is then stale), the registration may have
 * been changed or removed. Each callback checks before it acts. A wrong password is charged
 * to the name even when no one is left to tell, or closing the connection would be a free
 * guess.
 *
 * <p>A registered name is never handed out before its password: a session that asks for one
 * is told so ({@link Event.PasswordNeeded}) and the name is not held for it, so a squatter
 * cannot keep a name by asking for it.
 */
final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    /**
     * Flood tokens a password command costs beyond its line: one connection then sends at most
     * about two a second at the default flood rate, however the answers come back.
     */
    static final int PASSWORD_COST = 4;

    /** The leave reason of a session whose name a login with the password took over. */
    static final String REPLACED = "replaced by a new login";

    private final AccountRules rules;
    private final Hashing hashing;
    private final Persistence persistence;
    private final BanList bans;
    private final Members members;
    private final PasswordLimits limits;
    /** By {@link Names#key}. */
    private final Map<String, Registration> registrations = new HashMap<>();
    private OperTable opers;
    /** The last token given to a password check: a callback acts only if its token is still the session's. */
    private long checks;
    private final PasswordCounts counts = new PasswordCounts();

    Accounts(ChatServices services, Members members) {
        this.rules = services.rules();
        this.hashing = services.hashing();
        this.persistence = services.persistence();
        this.bans = services.bans();
        this.opers = services.opers();
        this.members = members;
        this.limits = new PasswordLimits(rules.passwordAttempts(), rules.passwordInterval());
        for (Registration registration : services.names()) {
            registrations.put(Names.key(registration.name()), registration);
        }
    }

    /** Whether {@code session} may use {@code name}: it is not registered, or this session proved it owns it. */
    boolean mayTake(Session session, String name) {
        Registration registration = registrations.get(Names.key(name));
        return registration == null || registration == session.standing().identified;
    }

    /** A session without a name asked for registered {@code name}: it must now send its password. */
    void askPassword(Session session, String name, long seconds) {
        session.standing().pending = name;
        members.send(session, new Event.PasswordNeeded(members.now(), name, seconds, members.named(name) != null));
    }

    /** A named session tried {@code /nick} to registered {@code name}: {@code /identify PASSWORD} may follow. */
    void refuseRename(Session session, String name) {
        session.standing().pending = name;
        members.send(session, Problem.NAME_REGISTERED.event(members.now(), name));
    }

    /** The session chose another name, or ran out of time: a check still in flight for the old one will do nothing. */
    void forgetPending(Session session) {
        if (session.pendingName() != null) {
            session.standing().pending = null;
        }
    }

    /** {@code /register}, {@code /identify}, {@code /unregister}, {@code /passwd} or {@code /oper}. */
    void apply(Session session, Command.Secret command) {
        Instant now = members.now();
        session.peer.charge(PASSWORD_COST);
        if (!session.peer.encrypted() && !rules.allowPlaintextPasswords()) {
            String port = rules.tlsPort() > 0 ? " (port " + rules.tlsPort() + ")" : "";
            counts.plaintext++;
            refuse(session, Problem.PLAINTEXT_PASSWORD.event(now, port));
        } else if (session.standing().check != 0) {
            refuse(session, Problem.PASSWORD_PENDING.event(now));
        } else if (!followsTheRule(command)) {
            refuse(session, Problem.PASSWORD_RULE.event(now));
        } else if (command instanceof Command.Identify identify) {
            identify(session, identify);
        } else if (command instanceof Command.Register register) {
            register(session, register.password());
        } else if (command instanceof Command.Unregister unregister) {
            unregister(session, unregister.password());
        } else if (command instanceof Command.Passwd passwd) {
            passwd(session, passwd);
        } else if (command instanceof Command.Oper oper) {
            oper(session, oper);
        }
    }

    private static boolean followsTheRule(Command.Secret command) {
        if (command instanceof Command.Passwd passwd) {
            return Passwords.isValid(passwd.oldPassword()) && Passwords.isValid(passwd.newPassword());
        } else if (command instanceof Command.Identify identify) {
            return Passwords.isValid(identify.password());
        } else if (command instanceof Command.Register register) {
            return Passwords.isValid(register.password());
        } else if (command instanceof Command.Unregister unregister) {
            return Passwords.isValid(unregister.password());
        }
        return Passwords.isValid(((Command.Oper) command).password());
    }

    // ------------------------------------------------------------------ registered names

    private void identify(Session session, Command.Identify command) {
        Instant now = members.now();
        String name = command.name() != null ? command.name()
                : session.pendingName() != null ? session.pendingName() : session.name;
        if (name == null) {
            refuse(session, Problem.USAGE.event(now, CommandSpec.IDENTIFY.usage()));
            return;
        }
        if (!Names.isValid(name)) {
            refuse(session, Problem.INVALID_NAME.refused(now, name));
            return;
        }
        String key = Names.key(name);
        Registration registration = registrations.get(key);
        if (registration == null) {
            forgetPending(session);
            refuse(session, Problem.NOT_REGISTERED.event(now, name));
            return;
        }
        Event.Error unusable = unusable(name, now);
        if (unusable != null) {
            forgetPending(session);
            refuse(session, unusable);
            return;
        }
        if (session.isNamed() && key.equals(Names.key(session.name))) {
            members.send(session, new Event.Identified(now, session.name)); // it holds the name: proved already
            return;
        }
        if (session.isNamed() && !members.mayRename(session)) {
            // A rename, limited as /nick is, before any hash: swapping between two registered
            // names, each right password giving its attempt back, was renames past the limit
            // for the room to read and hashes for nothing.
            return;
        }
        long token = start(session, key);
        if (token == 0) {
            return;
        }
        session.standing().pending = name;
        verify(session, registration.hash(), command.password(), ok -> {
            charge(session, key, ok, "identify_failed", "name", name);
            if (current(session, token) && name.equals(session.pendingName())
                    && stillRight(session, name, registration, ok)) {
                Event.Error since = unusable(name, members.now()); // banned while the hash ran
                if (since == null) {
                    identified(session, name, registration);
                } else {
                    refund(session);
                    forgetPending(session);
                    refuse(session, since);
                }
            }
        });
    }

    /**
     * Why no one may have {@code name} now, password or not (reserved, banned), or null. A name
     * registered before it was reserved stays out of reach until the reservation goes.
     */
    Event.Error unusable(String name, Instant now) {
        String key = Names.key(name);
        if (rules.reservedNames().contains(key)) {
            return Problem.NAME_RESERVED.event(now, name);
        }
        return bans.nameBan(key, now) != null ? Problem.NAME_BANNED.event(now, name) : null;
    }

    /** The password for {@code name} was right: the name is this session's, taken from a ghost if need be. */
    private void identified(Session session, String name, Registration registration) {
        Instant now = members.now();
        Standing standing = session.standing();
        standing.pending = null;
        standing.identified = registration;
        refund(session);
        Session holder = members.named(name);
        boolean ghost = holder != null && holder != session;
        if (ghost) {
            members.remove(holder, new Event.Replaced(now, host(session)), null, REPLACED);
        }
        log.info("event=identify id={} addr={} name={} ghost={}", session.peer.id(), session.peer.address(), name, ghost);
        members.send(session, new Event.Identified(now, name));
        if (holder != session) {
            members.name(session, name);
        }
    }

    private void register(Session session, String password) {
        Instant now = members.now();
        String name = session.name;
        String key = Names.key(name);
        if (!persistence.keepsNames()) {
            refuse(session, Problem.REGISTRATION_OFF.event(now));
        } else if (registrations.containsKey(key)) {
            refuse(session, Problem.ALREADY_REGISTERED.event(now, name));
        } else if (registrations.size() >= rules.maxRegistrations()) {
            refuse(session, Problem.TOO_MANY_REGISTRATIONS.count(now, rules.maxRegistrations()));
        } else {
            // The address token is not given back: every registration costs one, which is what
            // keeps one address from registering names by the thousand.
            long token = start(session, null);
            if (token != 0 && !hashing.hash(password.toCharArray(), hash -> registered(session, token, name, hash))) {
                busy(session, true);
            }
        }
    }

    private void registered(Session session, long token, String name, String hash) {
        String key = Names.key(name);
        if (!current(session, token)) {
            return;
        }
        Instant now = members.now();
        if (!name.equals(session.name)) {
            // Renamed since: the name is no longer theirs to register (someone else may hold it
            // now). Told, so that no /register goes unanswered; the attempt is not given back,
            // or /register then /nick would be a hash for nothing.
            refuse(session, Problem.NOT_REGISTERED.event(now, name));
            return;
        }
        if (registrations.containsKey(key)) {
            refuse(session, Problem.ALREADY_REGISTERED.event(now, name));
            return;
        }
        if (registrations.size() >= rules.maxRegistrations()) {
            refuse(session, Problem.TOO_MANY_REGISTRATIONS.count(now, rules.maxRegistrations())); // others got in first
            return;
        }
        Registration registration = new Registration(name, hash, now);
        registrations.put(key, registration);
        session.standing().identified = registration;
        saveNames();
        log.info("event=register id={} addr={} name={}", session.peer.id(), session.peer.address(), name);
        members.send(session, new Event.Registered(now, name, false));
    }

    private void unregister(Session session, String password) {
        withOwnPassword(session, password, "unregister_failed", registration -> {
            refund(session);
            String name = registration.name();
            registrations.remove(Names.key(name));
            session.standing().identified = null;
            saveNames();
            log.info("event=unregister id={} addr={} name={}", session.peer.id(), session.peer.address(), name);
            members.send(session, new Event.Registered(members.now(), name, true));
        });
    }

    /**
     * Two hashes in a row: the old password is checked, then the new one hashed; one check in
     * flight through both. A right old password does not give the attempt back, as it does for
     * the logins (/identify, /oper): /passwd is not how anyone gets in, and given back, one
     * address changing passwords to and fro kept every hash thread busy for good (two hashes
     * a change) while everyone else's checks waited behind it.
     */
    private void passwd(Session session, Command.Passwd command) {
        withOwnPassword(session, command.oldPassword(), "passwd_failed", registration -> {
            String name = registration.name();
            String key = Names.key(name);
            long token = newCheck(session);
            if (!hashing.hash(command.newPassword().toCharArray(), hash -> {
                if (current(session, token) && registrations.get(key) == registration) {
                    Registration changed = new Registration(name, hash, registration.registered());
                    registrations.put(key, changed);
                    session.standing().identified = changed; // other sessions' proofs of the old one end
                    saveNames();
                    log.info("event=passwd id={} addr={} name={}", session.peer.id(), session.peer.address(), name);
                    members.send(session, new Event.PasswordChanged(members.now(), name));
                }
            })) {
                busy(session, true);
            }
        });
    }

    /**
     * Checks {@code password} against the registration of the name {@code session} holds, and
     * if it is right, and still the registration when the answer comes, runs {@code then} with it
     * (which gives the attempt back or not).
     */
    private void withOwnPassword(Session session, String password, String failedEvent, Consumer<Registration> then) {
        Registration registration = registrations.get(Names.key(session.name));
        if (registration == null) {
            refuse(session, Problem.NOT_REGISTERED.event(members.now(), session.name));
            return;
        }
        String name = registration.name();
        String key = Names.key(name);
        long token = start(session, key);
        if (token == 0) {
            return;
        }
        verify(session, registration.hash(), password, ok -> {
            charge(session, key, ok, failedEvent, "name", name);
            if (current(session, token) && stillRight(session, name, registration, ok)) {
                then.accept(registration);
            }
        });
    }

    /**
     * Whether a check of {@code name}'s password against {@code asked} came back right and the
     * registration is still the one checked; if not, the user is told why.
     */
    private boolean stillRight(Session session, String name, Registration asked, boolean ok) {
        Registration now = registrations.get(Names.key(name));
        if (ok && now == asked) {
            return true;
        }
        forgetPending(session);
        refuse(session, now == null
                ? Problem.NOT_REGISTERED.event(members.now(), name)
                : Problem.PASSWORD_WRONG.event(members.now(), name));
        return false;
    }

    private void saveNames() {
        persistence.saveNames(List.copyOf(registrations.values()));
    }

    // ------------------------------------------------------------------ operators

    private void oper(Session session, Command.Oper command) {
        String account = command.account();
        // Operator accounts are limited apart from chat names: a space cannot be in a name.
        String key = "oper " + Names.key(account);
        long token = start(session, key);
        if (token == 0) {
            return;
        }
        String stored = opers.hash(account);
        verify(session, stored, command.password(), ok -> {
            boolean right = ok && stored != null;
            charge(session, key, right, "oper_failed", "account", LogValues.quoted(account));
            if (!current(session, token)) {
                return;
            }
            if (!right || !stored.equals(opers.hash(account))) {
                refuse(session, Problem.OPER_FAILED.event(members.now()));
                return;
            }
            refund(session);
            Standing standing = session.standing();
            standing.operator = account;
            standing.operatorHash = stored;
            log.info("event=oper id={} addr={} account={} up=true", session.peer.id(), session.peer.address(),
                    LogValues.quoted(account));
            members.send(session, new Event.Oper(members.now(), account, true));
        });
    }

    /** {@code /deoper}. */
    void deoper(Session session) {
        if (!session.isOperator()) {
            members.send(session, Problem.NOT_OPERATOR.event(members.now(), CommandSpec.DEOPER.word()));
            return;
        }
        demote(session);
    }

    /** A SIGHUP re-read the operator file: operators whose account is gone or whose password changed stop being operators. */
    void reloaded(OperTable table) {
        opers = table;
        for (Session session : members.sessions()) {
            if (session.isOperator() && !session.standing().operatorHash.equals(table.hash(session.standing().operator))) {
                demote(session);
            }
        }
        log.info("event=oper_reloaded operators={}", table.size());
    }

    private void demote(Session session) {
        Standing standing = session.standing();
        String account = standing.operator;
        standing.operator = null;
        standing.operatorHash = null;
        log.info("event=oper id={} addr={} account={} up=false", session.peer.id(), session.peer.address(),
                LogValues.quoted(account));
        members.send(session, new Event.Oper(members.now(), account, false));
    }

    /** What password checks came to since the start, for {@code /metrics}. */
    PasswordCounts counts() {
        return counts;
    }

    // ------------------------------------------------------------------ checks

    /** Whole passwords never outlive the call: the helper gets a copy it may clear. */
    private void verify(Session session, String stored, String password, Consumer<Boolean> then) {
        if (!hashing.verify(stored, password.toCharArray(), then)) {
            busy(session, true);
        }
    }

    /**
     * Starts a check on {@code limitKey} (null: no per-name limit): its token, or 0 if the
     * limits refused it (the user is told how long to wait).
     */
    private long start(Session session, String limitKey) {
        Instant now = members.now();
        long wait = limits.start(address(session), limitKey, nanos(now));
        if (wait > 0) {
            if (limits.logDue(address(session), nanos(now)) >= 0) {
                log.info("event=password_rate_limited id={} addr={} limit={} wait={}", session.peer.id(),
                        session.peer.address(), LogValues.quoted(limitKey), wait);
            }
            counts.rateLimited++;
            refuse(session, Problem.PASSWORD_TOO_FAST.count(now, wait));
            return 0;
        }
        return newCheck(session);
    }

    /** A new token for the check {@code session} now waits for. */
    private long newCheck(Session session) {
        long token = ++checks;
        session.standing().check = token;
        return token;
    }

    /** Whether the check {@code token} is still what {@code session} waits for; if so it is over. */
    private static boolean current(Session session, long token) {
        if (session.gone || session.standing().check != token) {
            return false;
        }
        session.standing().check = 0;
        return true;
    }

    /** A wrong password is charged to the name (whoever is left to hear of it), and logged, sparingly. */
    private void charge(Session session, String limitKey, boolean right, String event, String field, String value) {
        if (right) {
            counts.right++;
            return;
        }
        counts.wrong++;
        long now = nanos(members.now());
        limits.failed(limitKey, now);
        int unlogged = limits.logDue(address(session), now);
        if (unlogged >= 0) {
            log.info("event={} id={} addr={} {}={} unlogged={}", event, session.peer.id(), session.peer.address(),
                    field, value, unlogged);
        }
    }

    /**
     * The hash queue is full: nothing was checked (or, for the second hash of {@code /passwd},
     * nothing changed), so the attempt costs nothing.
     */
    private void busy(Session session, boolean refund) {
        counts.busy++;
        session.standing().check = 0;
        if (refund) {
            refund(session);
        }
        refuse(session, Problem.PASSWORD_BUSY.event(members.now()));
    }

    private void refund(Session session) {
        limits.refund(address(session), nanos(members.now()));
    }

    /** An error, and the name question again for a session that has no name yet. */
    private void refuse(Session session, Event.Error error) {
        members.send(session, error);
        if (!session.isNamed()) {
            members.send(session, new Event.AskName(members.now()));
        }
    }

    private static AddressKey address(Session session) {
        InetAddress address = session.peer.inetAddress();
        return address == null ? null : AddressKey.of(address);
    }

    /** Where a login came from, as its ghost is told: the address without the port. */
    private static String host(Session session) {
        InetAddress address = session.peer.inetAddress();
        return address == null ? session.peer.address() : address.getHostAddress();
    }

    /** The wall clock in nanoseconds, for the limits: fine until 2262. */
    private static long nanos(Instant now) {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
