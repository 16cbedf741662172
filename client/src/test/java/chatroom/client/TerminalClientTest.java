package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole client (terminal UI, session, connection) against the real server in this JVM,
 * typed into and read from a JLine terminal on streams, with a bare socket as the other user.
 */
@Timeout(30)
class TerminalClientTest {

    private static final String ENTER = "\r";
    private static final String TAB = "\t";
    private static final String CTRL_C = "\u0003";
    private static final String CTRL_D = "\u0004";
    private static final String UP = "\u001b[A";
    private static final String PASTE_START = "\u001b[200~";
    private static final String PASTE_END = "\u001b[201~";

    @TempDir
    Path dir;

    private ClientRun start(TestTerminal tt, int port, String name) {
        return start(tt, port, name, ClientRun.quickBackoff());
    }

    private ClientRun start(TestTerminal tt, int port, String name, Backoff backoff) {
        MessageRenderer renderer = new MessageRenderer(true, ZoneId.systemDefault());
        OnlineNames names = new OnlineNames();
        TerminalUi ui = new TerminalUi(tt.terminal, dir.resolve("history"), renderer, names);
        return ClientRun.start(ui, renderer, names, port, name, backoff);
    }

    @Test
    void chatsBothWaysAndLeavesOnCtrlD() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob");
             TestTerminal tt = new TestTerminal()) {
            ClientRun client = start(tt, server.port(), null);
            tt.screen.await("*** What is your name?");
            tt.keyboard.type("alice" + ENTER);
            assertThat(tt.screen.count("*** What is your name?")).as("asked once, not again in JSON").isEqualTo(1);
            tt.screen.await("*** You are in lobby. 2 here: bob, alice");
            bob.awaitEnding("*** alice joined lobby");

            tt.keyboard.type("hi bob, it's me: \"quoted\" C:\\path !!" + ENTER);
            assertThat(bob.await(line -> line.contains("<alice>")))
                    .endsWith("<alice> hi bob, it's me: \"quoted\" C:\\path !!");
            bob.send("hi alice");
            tt.screen.await("<bob> hi alice");
            assertThat(tt.screen.count("<alice> hi bob")).as("own message shown once, from the echo").isEqualTo(1);
            assertThat(tt.screen.text().indexOf("<alice> hi bob")).as("in the order the server took them")
                    .isLessThan(tt.screen.text().indexOf("<bob> hi alice"));


            tt.keyboard.type("/msg b" + TAB + "psst" + ENTER);
            bob.awaitEnding("*alice* psst");
            tt.screen.await("-> *bob* psst");

            tt.keyboard.type(CTRL_D);
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("*** alice left lobby (quit)");
            assertThat(tt.screen.text()).contains("*** Bye!");
        }
        assertThat(Files.readAllLines(dir.resolve("history"), StandardCharsets.UTF_8))
                .anyMatch(line -> line.contains("hi bob, it's me"))
                .anyMatch(line -> line.contains("/msg bob psst"));
    }

    @Test
    void ctrlCClearsTheLineAndASecondOneLeaves() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob");
             TestTerminal tt = new TestTerminal()) {
            ClientRun client = start(tt, server.port(), "alice");
            bob.awaitEnding("*** alice joined lobby");
            tt.screen.await("*** You are in lobby.");
            assertThat(tt.screen.text()).as("the client answered the name question itself")
                    .contains("*** Welcome to chatroom!").doesNotContain("What is your name");
            tt.keyboard.type("never sent" + CTRL_C + "sent" + ENTER);
            bob.awaitEnding("<alice> sent"); // not "never sentsent": the first Ctrl-C cleared the line
            assertThat(client.isRunning()).isTrue();

            tt.keyboard.type(CTRL_C);
            tt.screen.await("--- Press Ctrl-C again within");
            tt.keyboard.type(CTRL_C);
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("*** alice left lobby (quit)");
        }
    }

    @Test
    void aLongPasteIsSentOnlyIfTheUserSaysYesAndQuitDropsWhatIsLeft() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob");
             TestTerminal tt = new TestTerminal()) {
            ClientRun client = start(tt, server.port(), "alice");
            bob.awaitEnding("*** alice joined lobby");
            StringBuilder paste = new StringBuilder(PASTE_START);
            for (int i = 1; i <= 300; i++) {
                paste.append("pasted ").append(i).append('\r');
            }
            paste.append(PASTE_END);

            tt.keyboard.type(paste.toString());
            tt.screen.await("Paste 300 lines? [y/N]");
            tt.keyboard.type("n" + ENTER);
            tt.screen.await("--- Paste of 300 lines not sent.");

            tt.keyboard.type(paste.toString());
            Await.until(() -> "asked twice", () -> tt.screen.count("Paste 300 lines? [y/N]") == 2);
            tt.keyboard.type("y" + ENTER);
            bob.awaitEnding("<alice> pasted 1");
            bob.awaitEnding("<alice> pasted 2");
            tt.keyboard.type("/quit" + ENTER);
            tt.screen.await("--- Leaving: ");
            bob.awaitEnding("*** alice left lobby (quit)");
            assertThat(client.exitStatus()).isZero();
            assertThat(bob.seen()).as("the paste went out in order, and not all of it")
                    .filteredOn(line -> line.contains("<alice> pasted")).hasSizeLessThan(300)
                    .allSatisfy(line -> assertThat(line).contains("<alice> pasted "));
        }
    }

    @Test
    void historyIsKeptAcrossRuns() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            try (TestTerminal first = new TestTerminal()) {
                ClientRun client = start(first, server.port(), "alice");
                bob.awaitEnding("*** alice joined lobby");
                first.keyboard.type("said in the first run" + ENTER + CTRL_D);
                assertThat(client.exitStatus()).isZero();
            }
            bob.awaitEnding("<alice> said in the first run");
            try (TestTerminal second = new TestTerminal()) {
                ClientRun client = start(second, server.port(), "alice");
                bob.awaitEnding("*** alice joined lobby");
                second.keyboard.type(UP + ENTER + CTRL_D);
                assertThat(client.exitStatus()).isZero();
            }
            bob.awaitEnding("<alice> said in the first run");
        }
    }

    @Test
    void theFirstRetryAfterEveryDropIsQuickOnceTheClientWasBackInItsRoom() throws Exception {
        try (LocalServer server = LocalServer.start();
             Relay network = Relay.to(server.port());
             TestTerminal tt = new TestTerminal()) {
            // The top of each jitter range: every delay is its nominal one, 0.5 s, 1 s, 2 s, ...
            ClientRun client = start(tt, network.port(), "alice",
                    new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.999_999_999));
            tt.screen.await("*** You are in lobby.");
            for (int drop = 1; drop <= 3; drop++) {
                network.cut();
                network.restore();
                int dropNo = drop;
                Await.until(() -> "reconnected " + dropNo + " times", () -> tt.screen.count("*** You are in lobby.") == dropNo + 1);
            }
            assertThat(tt.screen.count("--- Reconnecting in 0.5 s.")).isEqualTo(3);
            assertThat(tt.screen.text()).doesNotContain("--- Reconnecting in 1.0 s.");
            tt.keyboard.type(CTRL_D);
            assertThat(client.exitStatus()).isZero(); // gone, so it cannot find a later test's relay on this port
        }
    }

    @Test
    void aNameTheServerStillHoldsIsTriedAgainAndTheLineTypedMeanwhileIsSaidNotTakenForAName() throws Exception {
        try (LocalServer server = LocalServer.start();
             Relay network = Relay.to(server.port());
             RawUser bob = RawUser.login(server.port(), "bob");
             TestTerminal tt = new TestTerminal()) {
            ClientRun client = start(tt, network.port(), "hank");
            tt.screen.await("*** You are in lobby.");
            network.cutClientSide(); // the server still holds hank's connection, and the name
            network.restore();
            tt.screen.await("trying again in 1.0 s");
            tt.keyboard.type("back" + ENTER);
            tt.screen.await("trying again in 2.0 s");
            network.release(); // the server notices the old connection is gone
            bob.awaitEnding("<hank> back");
            assertThat(bob.seen()).noneMatch(line -> line.contains("Hello back") || line.contains("back joined"));
            assertThat(tt.screen.text()).doesNotContain("Hello back");
            tt.keyboard.type(CTRL_D);
            assertThat(client.exitStatus()).isZero();
        }
    }

    @Test
    void aReconnectResumesTheRoomWithWhatWasMissedAndNothingTwice() throws Exception {
        try (LocalServer server = LocalServer.start();
             Relay network = Relay.to(server.port());
             RawUser bob = RawUser.login(server.port(), "bob");
             TestTerminal tt = new TestTerminal()) {
            bob.send("/join dev");
            bob.send("said before alice came");
            bob.awaitEnding("*** You are in dev. 1 here: bob");
            ClientRun client = start(tt, network.port(), "alice");
            tt.screen.await("*** You are in lobby.");
            tt.keyboard.type("/join dev" + ENTER);
            tt.screen.await("--- end of history");
            bob.awaitEnding("*** alice joined dev");
            bob.send("said while alice was here");
            tt.keyboard.type("mine, said before the outage" + ENTER);
            bob.awaitEnding("<alice> mine, said before the outage");
            tt.screen.await("<alice> mine, said before the outage");
            tt.screen.await("<bob> said while alice was here");

            network.cut();
            tt.screen.await("--- Connection to 127.0.0.1:" + network.port() + " lost");
            bob.await(line -> line.startsWith("*** alice left dev"));
            bob.send("said while alice was away");
            bob.send("/me waits for alice");
            bob.send("/who");
            bob.awaitEnding("in dev: bob"); // the server has both before alice is back
            tt.keyboard.type("typed while offline" + ENTER);
            tt.screen.await("--- Not connected: this line will be sent after reconnecting (1 waiting).");
            network.restore();

            bob.awaitEnding("<alice> typed while offline");
            tt.screen.await("<alice> typed while offline");
            String screen = tt.screen.text();
            assertThat(screen).contains("--- 1 earlier message in dev", "--- 2 new messages in dev");
            for (String line : new String[] {"<bob> said before alice came", "<bob> said while alice was here",
                "<alice> mine, said before the outage", "<bob> said while alice was away", "* bob waits for alice",
                "<alice> typed while offline", "*** Welcome to chatroom!"}) {
                assertThat(tt.screen.count(line)).as("times shown: %s", line).isEqualTo(1);
            }
            assertThat(screen).doesNotContain("What is your name");
            int replayEnd = screen.lastIndexOf("--- end of history");
            assertThat(screen.indexOf("* bob waits for alice")).as("replayed").isLessThan(replayEnd);
            assertThat(screen.indexOf("<alice> typed while offline")).as("the offline line goes out after the replay")
                    .isGreaterThan(replayEnd);
            tt.keyboard.type("/quit" + ENTER);
            assertThat(client.exitStatus()).isZero();
        }
    }

    @Test
    void reconnectsAfterARestartAndSendsWhatWasTypedMeanwhileToTheSameRoom() throws Exception {
        try (TestTerminal tt = new TestTerminal()) {
            int port;
            ClientRun client;
            try (LocalServer first = LocalServer.start()) {
                port = first.port();
                client = start(tt, port, "alice");
                tt.screen.await("*** You are in lobby.");
                tt.keyboard.type("/join dev" + ENTER);
                tt.screen.await("*** You are in dev. 1 here: alice");
            }
            tt.screen.await("--- Connection to 127.0.0.1:" + port + " lost");
            tt.keyboard.type("typed while the server was down" + ENTER);
            tt.screen.await("--- Not connected: this line will be sent after reconnecting (1 waiting).");

            try (LocalServer second = LocalServer.startOn(port);
                 RawUser carol = RawUser.login(second.port(), "carol")) {
                carol.send("/join dev");
                // In dev, not the lobby a reconnect starts in: live, or in dev's history if alice was first.
                assertThat(carol.await(line -> line.contains("<alice>")))
                        .endsWith("<alice> typed while the server was down");
                tt.keyboard.type("/quit" + ENTER);
                assertThat(client.exitStatus()).isZero();
            }
        }
    }
}
