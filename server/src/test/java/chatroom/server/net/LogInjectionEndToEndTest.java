package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 10: a {@code /quit} reason could forge {@code key=value} fields in the
 * server's log. The real server in a process of its own; its log read as an operator's tools
 * would read it.
 */
class LogInjectionEndToEndTest {

    @Test
    void aQuitReasonStaysInsideItsQuotedField() throws Exception {
        try (ChildProcess server = ChildProcess.server(
                ChildProcess.serverOnClassPath(),
                "--port", "0", "--bind", "127.0.0.1")) {
            int port = server.awaitListeningPort();
            try (TestClient mallory = TestClient.login(port, "mallory")) {
                mallory.send("/quit bye\" name=admin addr=\"10.0.0.1 \\");
                mallory.awaitEof();
            }
            String line = server.await(l -> l.contains("event=disconnect") && l.contains("name=mallory"));
            assertThat(line).endsWith("reason=\"quit: bye\\\" name=admin addr=\\\"10.0.0.1 \\\\\"");
            Map<String, List<String>> fields = fields(line.substring(line.indexOf("event=")));
            assertThat(fields.get("name")).containsExactly("mallory");
            assertThat(fields.get("addr")).hasSize(1).allMatch(addr -> addr.startsWith("/127.0.0.1:"));
        }
    }

    /** Adversarial review: a 4 KiB reason of tabs, logged as six characters each, made a 24 KB log line. */
    @Test
    void aLongQuitReasonMakesAShortLogLine() throws Exception {
        try (ChildProcess server = ChildProcess.server(
                ChildProcess.serverOnClassPath(),
                "--port", "0", "--bind", "127.0.0.1")) {
            int port = server.awaitListeningPort();
            try (TestClient mallory = TestClient.login(port, "mallory")) {
                mallory.send("/quit x" + "\t".repeat(4000) + "x");
                mallory.awaitEof();
            }
            String line = server.await(l -> l.contains("event=disconnect") && l.contains("name=mallory"));
            assertThat(line.length()).isLessThan(1000);
            assertThat(line).endsWith("...\"");
        }
    }

    /**
     * Issue 9 attack: every HTTP request logs its target, and a target may be 8 KiB (a query
     * string the router ignores). At the connect rate, one address made an 8 KB log line a
     * second, 700 MB a day, as the 4 KiB quit reasons above once did.
     */
    @Test
    void aLongRequestTargetMakesAShortLogLine() throws Exception {
        try (ChildProcess server = ChildProcess.server(
                ChildProcess.serverOnClassPath(),
                "--port", "0", "--http-port", "0", "--bind", "127.0.0.1")) {
            server.awaitListeningPort(); // the chat port
            int http = server.awaitListeningPort();
            try (Socket socket = new Socket("127.0.0.1", http)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /healthz?" + "q".repeat(8000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200 ");
            }
            String line = server.await(l -> l.contains("event=http "));
            assertThat(line.length()).isLessThan(1000);
            assertThat(line).contains("target=\"/healthz?qqq").endsWith("...\"");
        }
    }

    /** The line's key=value fields as a log tool reads them: a quoted value runs to its closing quote. */
    private static Map<String, List<String>> fields(String line) {
        Map<String, List<String>> fields = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)").matcher(line);
        while (m.find()) {
            fields.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
        }
        return fields;
    }
}
