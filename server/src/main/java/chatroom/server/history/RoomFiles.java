package chatroom.server.history;

import chatroom.protocol.Names;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where the logs lie: {@code dir/r_<room key>/<first id, 20 digits>.log}. A room's segments
 * sort by the first id in their names, so the one holding an id is a directory listing and a
 * binary search away, without reading any.
 *
 * <p>A room's name becomes a file name only once it is a valid name ({@link Names}: letters,
 * digits, {@code _} and {@code -}, so no separator, no {@code ..}), lower-cased so that rooms
 * differing in case share a log as they share a room, and the path is checked to stay in
 * {@code dir} all the same.
 */
final class RoomFiles {

    static final String ROOM_PREFIX = "r_";
    static final String SEGMENT_SUFFIX = ".log";
    private static final int ID_DIGITS = 20;

    private final Path dir;

    /**
     * What the bytes bound counts a file or directory as at least: the block a file system gives
     * it (4 KiB on ext4, xfs and tmpfs). Counting bytes alone, a flood of one-line rooms took
     * thirty times the disk the bound allowed.
     */
    static final long BLOCK = 4096;

    /** {@code bytes} as the whole blocks they take. */
    static long blocks(long bytes) {
        return Math.max(BLOCK, (bytes + BLOCK - 1) / BLOCK * BLOCK);
    }

    RoomFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    /** A segment: its file and the first id it holds. */
    record Segment(Path file, long firstId) {}

    /** {@code room}'s directory. @throws IllegalArgumentException when {@code room} is not a valid name */
    Path roomDir(String room) {
        if (room == null || !Names.isValid(room)) {
            throw new IllegalArgumentException("not a room name: " + room);
        }
        Path roomDir = dir.resolve(ROOM_PREFIX + Names.key(room)).normalize();
        if (!dir.equals(roomDir.getParent())) {
            throw new IllegalArgumentException("room directory outside the history: " + roomDir);
        }
        return roomDir;
    }

    /** The room directories there are; the room's key follows {@link #ROOM_PREFIX}. */
    List<Path> roomDirs() throws IOException {
        List<Path> rooms = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ROOM_PREFIX + "*")) {
            for (Path entry : entries) {
                String key = entry.getFileName().toString().substring(ROOM_PREFIX.length());
                if (Names.isValid(key) && Files.isDirectory(entry)) {
                    rooms.add(entry);
                }
            }
        }
        return rooms;
    }

    /** The segments in {@code roomDir}, oldest first; none when it does not exist. Other files are ignored. */
    static List<Segment> segments(Path roomDir) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(roomDir, "*" + SEGMENT_SUFFIX)) {
            for (Path entry : entries) {
                long firstId = firstId(entry.getFileName().toString());
                if (firstId >= 0) {
                    segments.add(new Segment(entry, firstId));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        segments.sort(Comparator.comparingLong(Segment::firstId));
        return segments;
    }

    /** The file of the segment starting at {@code firstId} in {@code roomDir}. */
    static Path segment(Path roomDir, long firstId) {
        return roomDir.resolve(String.format(Locale.ROOT, "%0" + ID_DIGITS + "d", firstId)
                + SEGMENT_SUFFIX);
    }

    /** The index of the newest segment whose first id is below {@code id}, -1 for none. */
    static int before(List<Segment> segments, long id) {
        int low = 0;
        int high = segments.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (segments.get(mid).firstId() < id) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The first id a segment's file name gives, -1 when it is not a segment's name. */
    private static long firstId(String name) {
        if (name.length() != ID_DIGITS + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < ID_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || id > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
