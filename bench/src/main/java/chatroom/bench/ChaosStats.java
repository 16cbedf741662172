package chatroom.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the chaos soak's users saw, counted as it happens: connections and unasked-for closes
 * per kind, the errors the server answered with, and the things that break an invariant
 * (a checked user cut off or refused, a line that does not parse, an error a well-behaved user
 * should never get), with the first few quoted.
 */
final class ChaosStats {

    /** Problems quoted in the report; the rest are only counted. */
    private static final int MAX_PROBLEMS = 20;

    private final Map<ChaosKind, long[]> perKind = new EnumMap<>(ChaosKind.class);
    private final Map<String, Long> errors = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private long checkedCutOff;
    private long refused;
    private long malformedLines;
    private long unrecognisedLines;
    private long unexpectedErrors;
    private long linesParsed;

    private static final int CONNECTIONS = 0;
    private static final int CUT_OFF = 1;
    private static final int CLOSED_AS_ASKED = 2;

    private long[] of(ChaosKind kind) {
        return perKind.computeIfAbsent(kind, k -> new long[3]);
    }

    void connected(ChaosKind kind) {
        of(kind)[CONNECTIONS]++;
    }

    /** The server closed a connection after the user asked it to (/quit, half-close) or expected it (no name). */
    void closeAsAsked(ChaosKind kind) {
        of(kind)[CLOSED_AS_ASKED]++;
    }

    /** The server closed a connection that was in and had not asked to go. */
    void cutOff(ChaosKind kind, String who, String reason) {
        of(kind)[CUT_OFF]++;
        if (kind.checked()) {
            checkedCutOff++;
            problem(who + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ") was cut off: " + reason);
        }
    }

    /** A connection that never got in: refused by the server, or the connect failed. */
    void refused(String who, String reason) {
        refused++;
        problem(who + " could not get in: " + reason);
    }

    void error(ChaosKind kind, String code, String who, String text) {
        errors.merge(code, 1L, Long::sum);
        if (kind.checked()) {
            unexpectedErrors++;
            problem(who + " (well-behaved) got an error: " + text);
        }
    }

    void parsed() {
        linesParsed++;
    }

    void malformed(String who, String line, String why) {
        malformedLines++;
        problem(who + " got a line that does not parse (" + why + "): " + shorten(line));
    }

    void unrecognised(String who, String line) {
        unrecognisedLines++;
        problem(who + " got a line that is no known kind: " + shorten(line));
    }

    void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        }
    }

    private static String shorten(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }

    long connections(ChaosKind kind) {
        return of(kind)[CONNECTIONS];
    }

    long cutOff(ChaosKind kind) {
        return of(kind)[CUT_OFF];
    }

    long closedAsAsked(ChaosKind kind) {
        return of(kind)[CLOSED_AS_ASKED];
    }

    Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    long checkedCutOff() {
        return checkedCutOff;
    }

    long refused() {
        return refused;
    }

    long malformedLines() {
        return malformedLines;
    }

    long unrecognisedLines() {
        return unrecognisedLines;
    }

    long unexpectedErrors() {
        return unexpectedErrors;
    }

    long linesParsed() {
        return linesParsed;
    }
}
