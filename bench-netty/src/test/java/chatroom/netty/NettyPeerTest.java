package chatroom.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The peer as bench/lib.sh's start_netty runs it: a JVM of its own, its port read from its first line. */
class NettyPeerTest {

    /** What start_netty's sed reads the port from. */
    private static final Pattern LISTENING = Pattern.compile("netty peer listening on 127\\.0\\.0\\.1:(\\d+) transport=nio");

    @Test
    void printsWhereItListensServesThereAndExitsZeroOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process peer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), NettyPeer.class.getName(),
                "--transport", "nio", "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = LISTENING.matcher(String.valueOf(line));
            assertThat(m.matches()).as("its first line: %s", line).isTrue();
            try (LineClient alice = LineClient.login(Integer.parseInt(m.group(1)), "alice")) {
                alice.send("hello");
            }

            peer.destroy(); // SIGTERM
            assertThat(peer.waitFor(30, TimeUnit.SECONDS)).as("the peer stopped").isTrue();
            assertThat(peer.exitValue()).isZero();
        } finally {
            peer.destroyForcibly();
        }
    }
}
