package chatroom.server.history;

import chatroom.server.history.HistoryLog.Gap;
import chatroom.server.log.LogValues;
import chatroom.server.store.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jumps a room's ids took ({@link HistoryStore#ID_MARGIN}), beside its segments in
 * {@code r_<room key>/gaps}: one line a jump, oldest first, {@code FROM TO} in decimal, the
 * first and the last id skipped. Without it a room read again after the read that made a jump
 * would count the million ids skipped as messages a {@code /resume} missed, and would no
 * longer know that ids above the last one on disk may have been given.
 *
 * <p>It is rewritten whole ({@link AtomicFile}: forced before the ids after the jump are
 * given), on the history thread, only when a jump is made: rarely, and a few dozen bytes a
 * line. It stays small: jumps wholly below the room's oldest segment are dropped then, and at
 * most {@link #MAX_GAPS} are kept. Damage is skipped with a warning, never fatal: a jump
 * forgotten only makes a {@code /resume} count too many missed messages.
 */
final class GapFile {

    static final String NAME = "gaps";
    /** Jumps kept per room: each is a million ids, so this reaches a billion ids back. */
    static final int MAX_GAPS = 1000;
    /** Far above {@link #MAX_GAPS} lines of two longs: a bigger file is not ours. */
    private static final long MAX_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(GapFile.class);

    private GapFile() {}

    /**
     * The jumps recorded in {@code roomDir}, oldest first; none when there is no file. A line that
     * is not two ids, or not after the line before it, is skipped and logged.
     */
    static List<Gap> read(Path roomDir, String room) {
        Path file = roomDir.resolve(NAME);
        byte[] data;
        try {
            if (Files.size(file) > MAX_BYTES) {
                log.warn("event=history_gaps_skipped room={} file={} reason=too_big", room, file);
                return List.of();
            }
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("event=history_gaps_read_failed room={} file={} error={}", room, file,
                    LogValues.quoted(e.toString()));
            return List.of();
        }
        List<Gap> gaps = new ArrayList<>();
        // ASCII: a byte that is not becomes a character no number has, so its line is skipped.
        String[] lines = new String(data, StandardCharsets.US_ASCII).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break; // after the last newline
            }
            Gap gap = parse(lines[i]);
            if (gap == null || (!gaps.isEmpty() && gap.from() <= gaps.get(gaps.size() - 1).to())) {
                log.warn("event=history_gaps_skipped room={} file={} line={} text={}", room, file, i + 1,
                        LogValues.quoted(lines[i]));
            } else {
                gaps.add(gap);
            }
        }
        return gaps;
    }

    /**
     * Writes {@code known} and then {@code jump} to {@code roomDir}, leaving out the jumps wholly
     * below {@code oldestId} and the oldest past {@link #MAX_GAPS}; the jumps kept.
     *
     * @throws IOException when the file could not be replaced (the old one is then left whole)
     */
    static List<Gap> record(Path roomDir, List<Gap> known, Gap jump, long oldestId) throws IOException {
        List<Gap> kept = new ArrayList<>(known.size() + 1);
        for (Gap gap : known) {
            if (gap.to() >= oldestId) {
                kept.add(gap);
            }
        }
        kept.add(jump);
        if (kept.size() > MAX_GAPS) {
            kept = new ArrayList<>(kept.subList(kept.size() - MAX_GAPS, kept.size()));
        }
        List<String> lines = new ArrayList<>(kept.size());
        for (Gap gap : kept) {
            lines.add(gap.from() + " " + gap.to());
        }
        AtomicFile.write(roomDir.resolve(NAME), lines);
        return kept;
    }

    /** Deletes {@code roomDir}'s file, if any: its room has no segment left, and starts afresh. */
    static void delete(Path roomDir) throws IOException {
        Files.deleteIfExists(roomDir.resolve(NAME));
    }

    /** A line's jump; null when it is not {@code FROM TO} with {@code 0 < FROM <= TO}. */
    private static Gap parse(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            long from = Long.parseLong(parts[0]);
            long to = Long.parseLong(parts[1]);
            return from > 0 && to >= from ? new Gap(from, to) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
