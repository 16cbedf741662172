package chatroom.server.history;

import chatroom.server.history.RoomFiles.Segment;
import chatroom.server.log.LogValues;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the logs within their bounds by deleting whole segments, oldest first: by age (a
 * segment's modification time is its last write), by records per room, and by the bytes of all
 * rooms together. It reads no segment: the listing, the sizes, the times and the first ids in
 * the names are enough. A segment open for appending is never deleted; an idle room may lose
 * all of them, and its directory (with its {@link GapFile}).
 */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final RoomFiles files;
    private final Duration maxAge;
    private final long maxRecordsPerRoom;
    private final long maxBytes;

    /** As {@link HistorySettings}: a null age and 0 records for no such bound. */
    Retention(RoomFiles files, Duration maxAge, long maxRecordsPerRoom, long maxBytes) {
        this.files = files;
        this.maxAge = maxAge;
        this.maxRecordsPerRoom = maxRecordsPerRoom;
        this.maxBytes = maxBytes;
    }

    /** A segment as retention sees it. */
    private record Listed(Segment segment, long bytes, Instant modified) {}

    /**
     * Deletes what is past the bounds at {@code now}, except {@code inUse} files and room
     * directories; the bytes left.
     */
    long compact(Instant now, Set<Path> inUse, Set<Path> roomsInUse) throws IOException {
        return compact(now, inUse, roomsInUse, file -> false);
    }

    /**
     * As above; past the bytes bound a file open for appending goes too once {@code release}
     * has closed it (true): otherwise rooms that each have one open segment would give nothing,
     * and the bound would take a quiet room's closed segment instead.
     */
    long compact(Instant now, Set<Path> inUse, Set<Path> roomsInUse, Predicate<Path> release) throws IOException {
        List<Kept> rooms = new ArrayList<>();
        long bytes = 0;
        for (Path roomDir : files.roomDirs()) {
            Kept room = new Kept(roomDir, new ArrayDeque<>(byRecords(byAge(list(roomDir), now, inUse), inUse)));
            rooms.add(room);
            bytes += room.bytes;
        }
        if (bytes > maxBytes) {
            bytes = byBytes(rooms, bytes, inUse, release);
        }
        for (Kept room : rooms) {
            if (room.segments.isEmpty() && !roomsInUse.contains(room.dir)) {
                removeEmpty(room.dir);
            }
        }
        return bytes;
    }

    /** A room's segments still there, oldest first, and their bytes. */
    private static final class Kept {
        final Path dir;
        final ArrayDeque<Listed> segments;
        long bytes;

        Kept(Path dir, ArrayDeque<Listed> segments) {
            this.dir = dir;
            this.segments = segments;
            // the directory too, while it has segments (an empty one is removed)
            this.bytes = segments.isEmpty() ? 0 : RoomFiles.BLOCK + segments.stream().mapToLong(Listed::bytes).sum();
        }

        Instant lastWritten() {
            return segments.isEmpty() ? Instant.MIN : segments.peekLast().modified();
        }
    }

    /**
     * Past the bytes bound, the biggest room gives its oldest segment, again and again: whoever
     * fills the disk (one address can write some 50 KB/s of long lines) pays for it first, and
     * a quiet room keeps its history until every room is as small. Oldest first across all rooms
     * instead would delete the quiet rooms' only segments before the flood's newer ones. Of rooms
     * as big, the one written last gives first, so a flood of rooms as big as a quiet one does
     * not win the tie.
     */
    private long byBytes(List<Kept> rooms, long bytes, Set<Path> inUse, Predicate<Path> release) {
        PriorityQueue<Kept> biggest = new PriorityQueue<>(Comparator.comparingLong((Kept room) -> room.bytes)
                .thenComparing(Kept::lastWritten).reversed());
        biggest.addAll(rooms);
        while (bytes > maxBytes && !biggest.isEmpty()) {
            Kept room = biggest.poll();
            Listed oldest = room.segments.peekFirst();
            if (oldest == null || (inUse.contains(oldest.segment().file()) && !release.test(oldest.segment().file()))
                    || !delete(oldest, "bytes")) {
                continue; // nothing more it may give (a file that will not close or go)
            }
            room.segments.removeFirst();
            room.bytes -= oldest.bytes();
            bytes -= oldest.bytes();
            if (room.segments.isEmpty()) {
                bytes -= RoomFiles.BLOCK; // the directory goes with its last segment
                continue;
            }
            biggest.add(room);
        }
        return bytes;
    }

    private List<Listed> byAge(List<Listed> room, Instant now, Set<Path> inUse) {
        if (maxAge == null) {
            return room;
        }
        Instant oldest = now.minus(maxAge);
        List<Listed> kept = new ArrayList<>(room.size());
        for (Listed listed : room) {
            if (listed.modified().isBefore(oldest) && !inUse.contains(listed.segment().file())
                    && delete(listed, "age")) {
                continue;
            }
            kept.add(listed);
        }
        return kept;
    }

    /**
     * Deletes a room's oldest segments while the ones after each still hold the bound. A segment
     * holds about the next one's first id less its own (ids grow by one a message); the newest is
     * counted as one record, as it is not read: the room keeps at least the bound.
     */
    private List<Listed> byRecords(List<Listed> room, Set<Path> inUse) {
        if (maxRecordsPerRoom <= 0 || room.size() < 2) {
            return room;
        }
        long newestFirst = room.get(room.size() - 1).segment().firstId();
        int first = 0;
        while (first < room.size() - 1) {
            long after = newestFirst - room.get(first + 1).segment().firstId() + 1;
            Listed oldest = room.get(first);
            if (after < maxRecordsPerRoom || inUse.contains(oldest.segment().file()) || !delete(oldest, "records")) {
                break;
            }
            first++;
        }
        return room.subList(first, room.size());
    }

    private static List<Listed> list(Path roomDir) throws IOException {
        List<Listed> listed = new ArrayList<>();
        for (Segment segment : RoomFiles.segments(roomDir)) {
            try {
                listed.add(new Listed(segment, RoomFiles.blocks(Files.size(segment.file())),
                        Files.getLastModifiedTime(segment.file()).toInstant()));
            } catch (NoSuchFileException e) {
                // Gone since the listing: nothing to keep within bounds.
            }
        }
        return listed;
    }

    private static boolean delete(Listed listed, String reason) {
        try {
            Files.deleteIfExists(listed.segment().file());
            log.info("event=history_segment_deleted file={} bytes={} reason={}", listed.segment().file(),
                    listed.bytes(), reason);
            return true;
        } catch (IOException e) {
            log.warn("event=history_delete_failed file={} error={}", listed.segment().file(),
                    LogValues.quoted(e.toString()));
            return false;
        }
    }

    private static void removeEmpty(Path roomDir) {
        try {
            GapFile.delete(roomDir); // the room's ids are forgotten with it: it starts above every id
            Files.deleteIfExists(roomDir);
        } catch (DirectoryNotEmptyException e) {
            // Something other than segments lives there: it is not ours to remove.
        } catch (IOException e) {
            log.warn("event=history_delete_failed file={} error={}", roomDir, LogValues.quoted(e.toString()));
        }
    }
}
