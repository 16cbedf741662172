package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.history.HistoryLog;
import chatroom.server.mod.Ban;
import chatroom.server.mod.BanList;
import chatroom.server.store.Persistence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat with operators, bans and registered names, for the tests of {@link Accounts} and
 * {@link Moderation}: fake peers (each on its own address unless told), a manual scheduler
 * and clock moved together, {@link ManualHashing}, and a {@link Persistence} that keeps what
 * it was asked to save.
 */
final class AccountsRig {

    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);
    /** The operator account every rig has, and its password. */
    static final String ROOT = "root";
    static final String ROOT_PASSWORD = "rootpassword";

    final ManualScheduler scheduler = new ManualScheduler();
    final ManualClock clock = new ManualClock();
    final ManualHashing hashing = new ManualHashing();
    final Saved saved = new Saved();
    final BanList bans;
    final Chat chat;
    private final List<User> users = new ArrayList<>();
    private long nextId = 1;

    /** What the chat asked to be saved, latest last. */
    static final class Saved implements Persistence {
        final List<List<Ban>> bans = new ArrayList<>();
        final List<List<Registration>> names = new ArrayList<>();
        boolean keepsNames = true;

        @Override
        public void saveBans(List<Ban> snapshot) {
            bans.add(snapshot);
        }

        @Override
        public void saveNames(List<Registration> snapshot) {
            names.add(snapshot);
        }

        @Override
        public boolean keepsNames() {
            return keepsNames;
        }
    }

    AccountsRig() {
        this(AccountRules.DEFAULTS, List.of());
    }

    AccountsRig(AccountRules rules, List<Registration> names) {
        this(rules, names, List.of(), true);
    }

    AccountsRig(AccountRules rules, List<Registration> names, List<Ban> loadedBans, boolean keepsNames) {
        saved.keepsNames = keepsNames;
        bans = new BanList(loadedBans);
        ChatServices services = new ChatServices(rules, hashing, saved, bans,
                new OperTable(Map.of(ROOT, ManualHashing.hashOf(ROOT_PASSWORD))), names, HistoryLog.NONE);
        chat = new Chat(new ChatSettings(10, 100, LOGIN_TIMEOUT, List.of()), scheduler, clock, services);
    }

    /** A registration of {@code name} with {@code password}, as names.tsv would give it. */
    static Registration registration(String name, String password) {
        return new Registration(name, ManualHashing.hashOf(password), TestClocks.INSTANT);
    }

    final class User {
        final FakePeer peer;
        final Session session;

        User(FakePeer peer) {
            this.peer = peer;
            this.session = chat.connected(peer);
        }

        void type(String line) {
            chat.line(session, line);
        }

        /** Events received since the last take. */
        List<Event> take() {
            return peer.takeEvents();
        }

        String name() {
            return session.name();
        }

        @Override
        public String toString() {
            return "User[" + session.name() + "]";
        }
    }

    /** A new encrypted connection from its own address ({@code 10.0.0.N}), greeting taken. */
    User connect() {
        long id = nextId++;
        return connect("10.0.0." + id + ":" + (40000 + id));
    }

    /** A new encrypted connection from {@code address} ({@code host:port}), greeting taken. */
    User connect(String address) {
        FakePeer peer = new FakePeer(nextId++, address);
        peer.encrypted(true);
        User user = new User(peer);
        users.add(user);
        user.take();
        return user;
    }

    /** A new connection named {@code name}; what everyone received so far is taken. */
    User login(String name) {
        User user = connect();
        user.type(name);
        assertThat(user.name()).as("logged in as %s", name).isEqualTo(name);
        drainAll();
        return user;
    }

    /** A new connection named {@code name} that is an operator; what everyone received so far is taken. */
    User operator(String name) {
        User user = login(name);
        user.type("/oper " + ROOT + " " + ROOT_PASSWORD);
        hashing.completeAll();
        assertThat(user.session.isOperator()).as("%s is an operator", name).isTrue();
        drainAll();
        return user;
    }

    /** What every event made now carries. */
    Instant now() {
        return clock.peek();
    }

    /** Time passes for the clock and the timers together. */
    void advance(Duration by) {
        clock.advance(by);
        scheduler.advance(by);
    }

    /** Forgets what every user received so far. */
    void drainAll() {
        users.forEach(User::take);
    }
}
