package chatroom.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Who the chaos soak's users are, drawn from one seed: the same seed and client count give the
 * same users (kinds, wire formats, rooms, and each user's own seed for what it does later).
 * Timing on a real machine still differs between runs; the cast does not.
 *
 * <p>When there are at least three users per kind, every kind appears at least once; the rest
 * are drawn by {@link ChaosKind#weight()}. Checked users (talkers, readers) are spread over
 * {@code room1 .. roomK}, about {@value #CHECKED_PER_ROOM} to a room; the others start in one of
 * those rooms or the lobby, except the deaf, who share {@value #DEAF_ROOM}: there they fill each
 * other's queues (and replay its history) until the server cuts them off. The canary pair is not
 * part of the plan.
 */
final class ChaosPlan {

    /** Checked members per checked room: rooms of this size plus visitors pass the announce limit (100). */
    static final int CHECKED_PER_ROOM = 80;
    static final String LOBBY = "lobby";
    static final String DEAF_ROOM = "deaf";

    /**
     * @param index the user's number, from 0
     * @param json whether it switches to JSON events ({@code /format json}) before its name
     * @param home the room it goes to once in ({@code lobby} means it stays)
     * @param seed the seed of its own Random
     */
    record User(int index, ChaosKind kind, boolean json, String home, long seed) {}

    private final long seed;
    private final List<User> users;
    private final List<String> checkedRooms;

    private ChaosPlan(long seed, List<User> users, List<String> checkedRooms) {
        this.seed = seed;
        this.users = List.copyOf(users);
        this.checkedRooms = List.copyOf(checkedRooms);
    }

    /**
     * @param jsonShare the share of users that use JSON events, 0 to 1
     */
    static ChaosPlan draw(long seed, int clients, double jsonShare) {
        if (clients < 2) {
            throw new IllegalArgumentException("at least 2 clients: a talker and a reader");
        }
        Random random = new Random(seed);
        List<ChaosKind> kinds = new ArrayList<>(clients);
        ChaosKind[] drawn = ChaosKind.drawn();
        if (clients >= 3 * drawn.length) {
            kinds.addAll(List.of(drawn));
        }
        while (kinds.size() < clients) {
            kinds.add(pick(random, drawn));
        }
        Collections.shuffle(kinds, random);
        // A soak with nobody to check checks nothing: a talker and a reader replace others if none was drawn.
        ensure(kinds, ChaosKind.TALKER, ChaosKind.READER);
        ensure(kinds, ChaosKind.READER, ChaosKind.TALKER);
        long checked = kinds.stream().filter(ChaosKind::checked).count();
        int roomCount = (int) Math.max(1, Math.round((double) checked / CHECKED_PER_ROOM));
        List<String> rooms = new ArrayList<>();
        for (int i = 1; i <= roomCount; i++) {
            rooms.add("room" + i);
        }
        List<User> users = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            ChaosKind kind = kinds.get(i);
            boolean json = random.nextDouble() < jsonShare;
            int room = random.nextInt(kind.checked() ? roomCount : roomCount + 1);
            String home = kind == ChaosKind.DEAF ? DEAF_ROOM : room < roomCount ? rooms.get(room) : LOBBY;
            users.add(new User(i, kind, json, home, random.nextLong()));
        }
        return new ChaosPlan(seed, users, rooms);
    }

    /** Puts {@code kind} in place of the first user that is not {@code keep}, if there is no {@code kind}. */
    private static void ensure(List<ChaosKind> kinds, ChaosKind kind, ChaosKind keep) {
        if (!kinds.contains(kind)) {
            kinds.set(kinds.get(0) != keep ? 0 : 1, kind);
        }
    }

    private static ChaosKind pick(Random random, ChaosKind[] kinds) {
        int r = random.nextInt(ChaosKind.totalWeight());
        for (ChaosKind kind : kinds) {
            r -= kind.weight();
            if (r < 0) {
                return kind;
            }
        }
        throw new AssertionError("weights add up to totalWeight()");
    }

    long seed() {
        return seed;
    }

    List<User> users() {
        return users;
    }

    /** The rooms the checked users live in, {@code room1 ..}. */
    List<String> checkedRooms() {
        return checkedRooms;
    }

    int count(ChaosKind kind) {
        return (int) users.stream().filter(u -> u.kind() == kind).count();
    }
}
