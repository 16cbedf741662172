package chatroom.bench;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Format;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * What the chaos soak's users type, without the line end: commands spelled from
 * {@link CommandSpec} (so a renamed command cannot leave the soak sending an old word; the tests
 * check each against {@link chatroom.protocol.CommandParser}), chatter, and the hostile bytes.
 * Pure: every choice comes from the Random it is given.
 */
final class ChaosLines {

    /** The server's default line limit (--max-line-bytes), which the over-long lines exceed. */
    static final int MAX_LINE_BYTES = 4096;

    private static final String[] WORDS = {
        "hello", "anyone", "here", "lunch", "deploy", "ok", "brb", "why", "tea", "bug", "ship", "it", "no", "yes",
        "über", "naïve", "日本語", "🙂", "👩‍💻", "emoji", "x", "//etc/hosts", "  leading", "tab\there"
    };

    /**
     * Quit reasons, two of them trying to forge fields of the server's log line (it must quote
     * them: the chaos script's log check is anchored to the real event and level for that reason).
     */
    private static final String[] QUIT_REASONS = {
        "", "lunch", "bye all", "x=1 event=handler_failed level=ERROR", "\" addr=6.6.6.6 name=root reason=\"",
        "r".repeat(3000)
    };

    /** Hostile fragments a garbage line is made of, besides random bytes. */
    private static final byte[][] FRAGMENTS = {
        {(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xFF, (byte) 0xFE}, {0}, {0x1B, '[', '2', 'J'}, {0x1B, ']', '0', ';', 'p', 'w', 'n', 0x07},
        {(byte) 0xE2, (byte) 0x80, (byte) 0xAE}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {0x07, 0x08, 0x7F},
        {(byte) 0xFF, (byte) 0xFB, 0x01}, {(byte) 0xFF, (byte) 0xFA, 0x18, 0x00, 'x', (byte) 0xFF, (byte) 0xF0},
        {(byte) 0xFF, (byte) 0xFF}, {(byte) 0xFF}, {'\r'}, {'\r', 0}, {(byte) 0xC2, (byte) 0xA0},
        {(byte) 0xE3, (byte) 0x85, (byte) 0xA4}, {'/'}, {'{', '"', 't', 'y', 'p', 'e', '"', ':'}
    };

    private ChaosLines() {}

    static String format(Format format) {
        return CommandSpec.FORMAT.word() + " " + format.word();
    }

    static String join(String room) {
        return CommandSpec.JOIN.word() + " " + room;
    }

    static String resume(String room, long lastId) {
        return CommandSpec.RESUME.word() + " " + room + " " + lastId;
    }

    /** {@code /who}, or {@code /who PAGE} past the first page. */
    static String who(int page) {
        return page == 1 ? CommandSpec.WHO.word() : CommandSpec.WHO.word() + " " + page;
    }

    static String rooms(int page) {
        return page == 1 ? CommandSpec.ROOMS.word() : CommandSpec.ROOMS.word() + " " + page;
    }

    static String help() {
        return CommandSpec.HELP.word();
    }

    static String nick(String name) {
        return CommandSpec.NICK.word() + " " + name;
    }

    static String msg(String to, String text) {
        return CommandSpec.MSG.word() + " " + to + " " + text;
    }

    static String me(String action) {
        return CommandSpec.ME.word() + " " + action;
    }

    /** {@code /quit}, with one of the reasons above. */
    static String quit(Random random) {
        String reason = QUIT_REASONS[random.nextInt(QUIT_REASONS.length)];
        return reason.isEmpty() ? CommandSpec.QUIT.word() : CommandSpec.QUIT.word() + " " + reason;
    }

    /** A chat line of one to eight words, some of them not ASCII. */
    static String chatter(Random random) {
        StringBuilder line = new StringBuilder();
        int words = 1 + random.nextInt(8);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return line.toString();
    }

    /** About 2 KiB of whole lines for a flooder to send again and again: chatter, and a /who in twenty. */
    static byte[] floodBlock(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 2048) {
            String line = random.nextInt(20) == 0 ? who(1) : chatter(random);
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * A line of hostile bytes, without its end: 1-40 pieces, each a fragment above or a random
     * byte. Never an LF (the line end is the caller's), so one garbage line is one line to the
     * server, or more where a lone CR ends one.
     */
    static byte[] garbage(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 1 + random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            if (random.nextBoolean()) {
                out.writeBytes(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else {
                int b = random.nextInt(256);
                out.write(b == '\n' ? 0x80 : b);
            }
        }
        return out.toByteArray();
    }

    /**
     * A long line, without its end. Mostly over the limit (ASCII, or two-byte characters whose
     * char count is under it), sometimes exactly the limit (allowed), sometimes 5,000 invalid
     * bytes (one replacement character once collapsed: allowed too).
     */
    static byte[] longLine(Random random) {
        int choice = random.nextInt(10);
        if (choice == 0) {
            return repeat((byte) 'L', MAX_LINE_BYTES);
        }
        if (choice == 1) {
            return repeat((byte) 0x80, 5000);
        }
        if (choice < 4) {
            int chars = MAX_LINE_BYTES / 2 + 1 + random.nextInt(2000);
            return "é".repeat(chars).getBytes(StandardCharsets.UTF_8);
        }
        return repeat((byte) 'x', MAX_LINE_BYTES + 1 + random.nextInt(12_000));
    }

    private static byte[] repeat(byte b, int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, b);
        return bytes;
    }
}
