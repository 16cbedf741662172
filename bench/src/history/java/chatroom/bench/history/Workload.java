package chatroom.bench.history;

import chatroom.protocol.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The messages both formats are fed: {@code records} {@link Event.Said} spread evenly at random
 * over {@code rooms} rooms (the first is the lobby), from a crowd of senders with names of 4 to
 * 14 characters, each text 64 bytes of words. Seeded, so every run and both formats see the
 * same messages; made on the fly from small pools, so the feeder allocates one event per
 * message and no more.
 */
final class Workload {

    static final int TEXT_BYTES = 64;
    private static final int SENDERS = 5_000;
    private static final int TEXTS = 1_024;
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "zen", "tor", "vi", "el", "an", "syl", "qu",
        "bo", "dri", "fen", "jo", "ux"};
    private static final String[] WORDS = {"the", "room", "server", "ok", "lunch", "deploy", "again", "why", "is",
        "it", "slow", "today", "ship", "lgtm", "brb", "who", "broke", "build", "coffee", "at", "noon", "yes", "no",
        "maybe", "later", "thanks", "merged", "review", "please", "ping", "me", "tomorrow"};

    final int records;
    final List<String> rooms;
    private final String[] senders = new String[SENDERS];
    private final String[] texts = new String[TEXTS];
    private final long seed;

    Workload(int records, int roomCount, long seed) {
        if (records < 1 || roomCount < 1) {
            throw new IllegalArgumentException("records and rooms must be at least 1");
        }
        this.records = records;
        this.seed = seed;
        List<String> names = new ArrayList<>(roomCount);
        names.add("lobby");
        for (int i = 1; i < roomCount; i++) {
            names.add(String.format("room-%04d", i));
        }
        this.rooms = List.copyOf(names);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < SENDERS; i++) {
            senders[i] = sender(random, i);
        }
        for (int i = 0; i < TEXTS; i++) {
            texts[i] = text(random);
        }
    }

    /** {@link #feedByRoom} when {@code byRoom}, else {@link #feed}. */
    void feed(boolean byRoom, Instant start, MessageSink each) throws InterruptedException {
        if (byRoom) {
            feedByRoom(start, each);
        } else {
            feed(start, each);
        }
    }

    /**
     * Hands every message to {@code each} in order, the rooms interleaved at random as they talk;
     * ids go up by one per room from 1, times by 1 ms from {@code start}.
     */
    void feed(Instant start, MessageSink each) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long[] nextId = new long[rooms.size()];
        for (int i = 0; i < records; i++) {
            int room = random.nextInt(rooms.size());
            each.accept(new Event.Said(start.plusMillis(i), ++nextId[room], rooms.get(room),
                    senders[random.nextInt(SENDERS)], texts[random.nextInt(TEXTS)], false));
        }
    }

    /**
     * The same messages as {@link #feed}, each room's in its order, but one room after the other:
     * the same files on disk, written without ever switching rooms. For making a big log to
     * start from, not for measuring appends.
     */
    void feedByRoom(Instant start, MessageSink each) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] room = new int[records];
        int[] sender = new int[records];
        int[] text = new int[records];
        int[] perRoom = new int[rooms.size()];
        for (int i = 0; i < records; i++) {
            room[i] = random.nextInt(rooms.size());
            sender[i] = random.nextInt(SENDERS);
            text[i] = random.nextInt(TEXTS);
            perRoom[room[i]]++;
        }
        int[] next = new int[rooms.size()];
        for (int r = 1; r < rooms.size(); r++) {
            next[r] = next[r - 1] + perRoom[r - 1];
        }
        int[] order = new int[records];
        for (int i = 0; i < records; i++) {
            order[next[room[i]]++] = i;
        }
        long[] nextId = new long[rooms.size()];
        for (int i : order) {
            each.accept(new Event.Said(start.plusMillis(i), ++nextId[room[i]], rooms.get(room[i]), senders[sender[i]],
                    texts[text[i]], false));
        }
    }

    /** Where {@link #feed} hands the messages; may wait for room in a queue. */
    interface MessageSink {
        void accept(Event.Said message) throws InterruptedException;
    }

    /** Syllables, then sometimes a number: "ravi", "kaelqu42", always 4-14 characters, all valid names. */
    static String sender(SplittableRandom random, int index) {
        StringBuilder name = new StringBuilder();
        int syllables = 2 + random.nextInt(3);
        for (int s = 0; s < syllables; s++) {
            name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        if (random.nextInt(3) == 0) {
            name.append(index % 100);
        }
        while (name.length() < 4) {
            name.append('x');
        }
        return name.length() > 14 ? name.substring(0, 14) : name.toString();
    }

    /** Words up to {@link #TEXT_BYTES} ASCII characters, padded with '.' to exactly that. */
    static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder(TEXT_BYTES);
        while (true) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (text.length() + word.length() + 1 > TEXT_BYTES) {
                break;
            }
            text.append(word).append(' ');
        }
        while (text.length() < TEXT_BYTES) {
            text.append('.');
        }
        return text.toString();
    }
}
