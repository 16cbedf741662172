package chatroom.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A tmux server of a test's own (its socket in the test's directory, so nothing is left
 * behind), whose panes are real terminals: a test starts a command in one, types into it,
 * resizes it, and reads back what a person would see, with or without the escape sequences
 * that styled it, and what scrolled off the top.
 */
final class Tmux implements AutoCloseable {

    /** What capture-pane -e writes: SGR sequences only. */
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;:]*m");
    private static final String REVERSE = "\u001b[7m";

    private final Path socket;

    Tmux(Path dir) {
        this.socket = dir.resolve("tmux");
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "tmux"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} through the shell in a new pane of {@code columns} by {@code rows}. */
    Pane start(String name, int columns, int rows, String command) throws IOException, InterruptedException {
        tmux("new-session", "-d", "-s", name, "-x", String.valueOf(columns), "-y", String.valueOf(rows), command);
        return new Pane(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(socket)) {
            run("tmux", "-S", socket.toString(), "kill-server");
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("hung: " + String.join(" ", command));
        }
        return out;
    }

    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** One pane (the only one of its session). */
    final class Pane {
        private final String name;

        private Pane(String name) {
            this.name = name;
        }

        /** What the pane shows now, and where its cursor is. */
        Shot capture() throws IOException, InterruptedException {
            String said = tmux("display-message", "-p", "-t", name,
                    "#{cursor_x} #{cursor_y} #{pane_width} #{pane_height}").strip();
            String[] info = said.split(" ");
            if (info.length != 4 || !said.matches("[0-9 ]+")) {
                throw new AssertionError("pane " + name + " is gone (its shell ended): tmux says " + said);
            }
            int height = Integer.parseInt(info[3]);
            List<String> styled = lines(tmux("capture-pane", "-p", "-e", "-t", name));
            while (styled.size() < height) {
                styled.add("");
            }
            return new Shot(styled, Integer.parseInt(info[0]), Integer.parseInt(info[1]), Integer.parseInt(info[2]),
                    height);
        }

        /** Everything: the scrollback, then the screen, as plain text. */
        List<String> everything() throws IOException, InterruptedException {
            return lines(tmux("capture-pane", "-p", "-S", "-", "-t", name));
        }

        /** Everything, with its styles. */
        List<String> everythingStyled() throws IOException, InterruptedException {
            return lines(tmux("capture-pane", "-p", "-e", "-S", "-", "-t", name));
        }

        Shot await(Predicate<Shot> wanted) {
            Shot[] last = new Shot[1];
            return Await.until(() -> "pane " + name + " to match; it shows:\n" + (last[0] == null ? "" : last[0]),
                    () -> {
                        try {
                            last[0] = capture();
                            return wanted.test(last[0]) ? last[0] : null;
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    });
        }

        /** Types {@code text} as it is. */
        void type(String text) throws IOException, InterruptedException {
            tmux("send-keys", "-t", name, "-l", text);
        }

        /** Presses keys by tmux's names for them: {@code Enter}, {@code C-c}. */
        void keys(String... keys) throws IOException, InterruptedException {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
            args.addAll(List.of(keys));
            tmux(args.toArray(String[]::new));
        }

        /**
         * Pastes {@code text} as a terminal does: wrapped in the bracketed-paste markers when
         * the program asked for them, each line end sent as Enter (CR).
         */
        void paste(String text) throws IOException, InterruptedException {
            tmux("set-buffer", "-b", "clipboard", "--", text);
            tmux("paste-buffer", "-p", "-d", "-b", "clipboard", "-t", name);
        }

        /** As when the user drags the window's edge: the program gets SIGWINCH. */
        void resize(int columns, int rows) throws IOException, InterruptedException {
            tmux("resize-window", "-t", name, "-x", String.valueOf(columns), "-y", String.valueOf(rows));
        }

        /** The process tmux started: the shell running the command. */
        long pid() throws IOException, InterruptedException {
            return Long.parseLong(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip());
        }

        private List<String> lines(String captured) {
            List<String> lines = new ArrayList<>(List.of(captured.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1); // the newline after the last row
            }
            return lines;
        }
    }

    /** A pane's screen: rows as shown (with their SGR sequences in {@link #styled}), and the cursor. */
    record Shot(List<String> styled, int cursorX, int cursorY, int width, int height) {

        String row(int i) {
            return plain(styled.get(i)).stripTrailing();
        }

        /** The row the cursor is on: where the input line is being typed. */
        String cursorRow() {
            return row(cursorY);
        }

        String lastRow() {
            return row(height - 1);
        }

        /** Whether row {@code i} is drawn in reverse video, as the status line is. */
        boolean reverse(int i) {
            return styled.get(i).contains(REVERSE);
        }

        int indexOf(String text) {
            for (int i = 0; i < height; i++) {
                if (row(i).contains(text)) {
                    return i;
                }
            }
            return -1;
        }

        int count(String text) {
            int n = 0;
            for (int i = 0; i < height; i++) {
                n += row(i).contains(text) ? 1 : 0;
            }
            return n;
        }

        static String plain(String styled) {
            return SGR.matcher(styled).replaceAll("");
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < height; i++) {
                s.append(i == cursorY ? "> " : "  ").append(row(i)).append(reverse(i) ? "   [reverse]" : "").append('\n');
            }
            return s.append("cursor at ").append(cursorX).append(',').append(cursorY).toString();
        }
    }
}
