package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Logging is set up once per JVM, before the first logger, so each case runs in a JVM of its own:
 * {@link Probe} as the client would configure it, or the client itself in a pipe.
 */
@Timeout(60)
class LoggingTest {

    @TempDir
    Path dir;

    @Test
    void offLoadsNoLogbackAndNothingReachesTheTerminal() throws Exception {
        Path classes = dir.resolve("classes.log");
        Run run = java(List.of("-Xlog:class+load:file=" + classes), Probe.class.getName());

        assertThat(run.err).isEmpty();
        assertThat(run.out).isEqualTo("org.slf4j.helpers.NOPLoggerFactory" + System.lineSeparator());
        assertThat(Files.readAllLines(classes)).as("classes loaded")
                .anyMatch(line -> line.contains("org.slf4j.LoggerFactory"))
                .noneMatch(line -> line.contains("ch.qos.logback"));
    }

    @Test
    void aLogFileGetsSlf4jAndJavaUtilLoggingRecordsAndTheTerminalNothing() throws Exception {
        Path log = dir.resolve("client.log");
        Run run = java(List.of(), Probe.class.getName(), log.toString());

        assertThat(run.err).isEmpty();
        assertThat(run.out).isEqualTo("ch.qos.logback.classic.LoggerContext" + System.lineSeparator());
        assertThat(Files.readString(log)).contains(
                "ERROR Probe [main] event=probe_slf4j",
                "DEBUG Probe [main] event=probe_jline_fine",
                "ERROR other [main] event=probe_jul");
    }

    @Test
    void theClientLogsItsConnectionToTheLogFile() throws Exception {
        Path log = dir.resolve("client.log");
        try (LocalServer server = LocalServer.start()) {
            Run run = java(List.of(), ChatClient.class.getName(), "--host", "127.0.0.1",
                    "--port", String.valueOf(server.port()), "--name", "carol",
                    "--history-file", dir.resolve("history").toString(), "--log-file", log.toString());

            assertThat(run.err).isEmpty();
            assertThat(run.out).contains("*** Hello carol!", "*** Bye!");
            assertThat(Files.readString(log)).contains("event=connected server=127.0.0.1:" + server.port());
        }
    }

    /** Configures logging as the client does (a log file if given one), logs, and names the SLF4J factory. */
    static final class Probe {
        public static void main(String[] args) {
            Logging.configure(args.length == 0 ? null : Path.of(args[0]));
            LoggerFactory.getLogger("chatroom.client.Probe").error("event=probe_slf4j");
            java.util.logging.Logger.getLogger("org.jline.Probe").fine("event=probe_jline_fine");
            java.util.logging.Logger.getLogger("some.other").severe("event=probe_jul");
            System.out.println(LoggerFactory.getILoggerFactory().getClass().getName());
        }
    }

    private record Run(String out, String err) {}

    /** Runs a main class of this module in a new JVM, with /quit as its standard input. */
    private Run java(List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        process.getOutputStream().write("/quit\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        String err = Files.readString(stderr);
        assertThat(process.exitValue()).as("exit status; stdout:\n%s\nstderr:\n%s", out, err).isZero();
        return new Run(out, err);
    }
}
