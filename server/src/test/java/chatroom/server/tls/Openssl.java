package chatroom.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command, for checks against the tool operators will use; tests skip without it. */
final class Openssl {

    private Openssl() {}

    static boolean installed() {
        try {
            return run(Path.of("."), List.of("openssl", "version")).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    record Result(int exit, String output) {}

    /** Runs {@code command} in {@code dir}; output is stdout and stderr together. */
    static Result run(Path dir, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String runOk(Path dir, String... command) throws IOException {
        Result result = run(dir, List.of(command));
        if (result.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exit() + "): " + result.output());
        }
        return result.output();
    }
}
