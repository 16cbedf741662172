package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A child process whose output is read line by line on a thread of its own. */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line, consumed or not, in order. */
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());

    private final Thread reader;

    private ChildProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(() -> pump(process.getInputStream()), "tool-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(String... command) throws IOException {
        return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    static ChildProcess attach(Process process) {
        return new ChildProcess(process);
    }

    /** The server's main class on this test's class path, in a JVM of its own. */
    static List<String> serverOnClassPath() {
        return List.of(java(), "-cp", System.getProperty("java.class.path"), "chatroom.server.ChatServer");
    }

    /**
     * The server in a JVM of its own, logging at INFO to this reader. {@code launch} is what
     * comes before the server's options: a shell prefix, JVM flags, {@code -cp ... main} or
     * {@code -jar ...}.
     */
    static ChildProcess server(List<String> launch, String... serverArgs) throws IOException {
        return server("INFO", launch, serverArgs);
    }

    /**
     * The same, logging at {@code level} ({@code DEBUG}: every event). Unless the options say
     * where to keep data, nothing is kept ({@code --no-persist}): the default {@code ./chatroom-data}
     * would be shared by every test's server, and a data directory takes one server at a time.
     */
    static ChildProcess server(String level, List<String> launch, String... serverArgs) throws IOException {
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of(serverArgs));
        List<String> options = List.of(serverArgs);
        boolean subcommand = !options.isEmpty() && !options.get(0).startsWith("-");
        if (!subcommand && !options.contains("--data-dir") && !options.contains("--no-persist")) {
            command.add("--no-persist");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHATROOM_LOG_LEVEL", level); // read by logback.xml and logback-test.xml
        return new ChildProcess(builder.start());
    }

    /** The java binary running the tests, so the child runs on the same JDK. */
    static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the server's "listening" log line and returns its port. */
    int awaitListeningPort() throws InterruptedException {
        java.util.regex.Matcher listening = java.util.regex.Pattern
                .compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+).*")
                .matcher(await(line -> line.contains("event=listening")));
        assertThat(listening.matches()).as("a listening line with a port").isTrue();
        return Integer.parseInt(listening.group(1));
    }

    /** The lines read so far and not yet consumed, without waiting. */
    List<String> drain() {
        List<String> all = new ArrayList<>();
        lines.drainTo(all);
        return all;
    }

    /**
     * Waits for the process to end and its output to be read to the end, and returns all of it:
     * the lines {@link #await} skipped or took too.
     */
    List<String> awaitExit() throws InterruptedException {
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the process ended").isTrue();
        reader.join(Duration.ofSeconds(15).toMillis());
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    /** Sends {@code signal} ({@code HUP}, {@code TERM}) to the process, with kill(1). */
    void signal(String signal) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).start().waitFor()).isZero();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    private void pump(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                transcript.add(text);
                lines.add(text);
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    String await(Predicate<String> wanted) throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a matching line in time; saw %s", skipped).isNotNull();
            if (wanted.test(line)) {
                return line;
            }
            skipped.add(line);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
