package chatroom.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import io.netty.channel.epoll.Epoll;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The peer over real sockets on both transports, as the load generator uses it. */
class PeerServerTest {

    /** The clients first, then the server: the last opened is closed first. */
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMessageReachesEveryoneElseOnceAndInOrder(Transport transport) throws Exception {
        int port = start(transport, PeerConfig.DEFAULT_MAX_OUTPUT_BYTES);
        LineClient alice = keep(LineClient.login(port, "alice"));
        LineClient bob = keep(LineClient.login(port, "bob"));
        LineClient carol = keep(LineClient.login(port, "carol"));

        for (String text : List.of("one", "two", "three")) {
            alice.send(text);
        }
        for (LineClient reader : List.of(bob, carol)) {
            assertThat(List.of(reader.nextSaid("alice").text(), reader.nextSaid("alice").text(), reader.nextSaid("alice").text()))
                    .containsExactly("one", "two", "three");
        }
        // Alice's first line after her own three is bob's: none of hers came back to her, and none twice to carol.
        bob.send("four");
        assertThat(alice.nextSaid("bob").text()).isEqualTo("four");
        assertThat(carol.nextSaid("bob").text()).isEqualTo("four");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aLineOverTheLimitIsRefusedAndTheConnectionGoesOn(Transport transport) throws Exception {
        int port = start(transport, PeerConfig.DEFAULT_MAX_OUTPUT_BYTES);
        LineClient alice = keep(LineClient.login(port, "alice"));
        LineClient bob = keep(LineClient.login(port, "bob"));

        alice.send("y".repeat(PeerServer.MAX_LINE_BYTES + 1));
        alice.send("after");
        assertThat(alice.next()).isInstanceOfSatisfying(Event.Error.class,
                error -> assertThat(error.code()).isEqualTo(Problem.TOO_LONG.code()));
        assertThat(bob.nextSaid("alice").text()).isEqualTo("after");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void quitSaysGoodbyeAndCloses(Transport transport) throws Exception {
        int port = start(transport, PeerConfig.DEFAULT_MAX_OUTPUT_BYTES);
        LineClient alice = keep(LineClient.login(port, "alice"));

        alice.send(CommandSpec.QUIT.word());
        assertThat(alice.next()).isInstanceOf(Event.Bye.class);
        assertThat(alice.nextLine()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aReaderThatStopsIsCutOffAtTheCapWhileTheOthersGetEverything(Transport transport) throws Exception {
        int cap = 64 * 1024;
        int port = start(transport, cap);
        LineClient alice = keep(LineClient.login(port, "alice"));
        LineClient bob = keep(LineClient.login(port, "bob"));
        LineClient carol = keep(LineClient.login(port, "carol"));
        LineClient stalled = keep(LineClient.login(port, "stalled", 4096));

        // 8 MB: more than the kernel buffers on both ends of the stalled connection can hold
        // (the sender's autotunes to 4 MiB at most here) plus the cap, so the peer must queue
        // the rest and reach the cap. Bob and carol read every batch before the next is sent,
        // so their own queues never come near it.
        int messages = 8_000;
        int batch = 40;
        String padding = "x".repeat(1_000);
        for (int first = 0; first < messages; first += batch) {
            for (int i = first; i < first + batch; i++) {
                alice.send(i + " " + padding);
            }
            for (LineClient reader : List.of(bob, carol)) {
                for (int i = first; i < first + batch; i++) {
                    assertThat(reader.nextSaid("alice").text()).isEqualTo(i + " " + padding);
                }
            }
        }
        alice.send("end");
        assertThat(bob.nextSaid("alice").text()).isEqualTo("end");
        assertThat(carol.nextSaid("alice").text()).isEqualTo("end");

        // What the stalled reader still gets is what the kernel held for it, then the end of the
        // stream: in order, and short of the end. Its last line may be cut short where the peer
        // stopped writing, so only the lines before it are checked.
        List<String> lines = new ArrayList<>();
        for (String line = stalled.nextLine(); line != null; line = stalled.nextLine()) {
            lines.add(line);
        }
        assertThat(lines).isNotEmpty();
        List<String> whole = lines.subList(0, lines.size() - 1);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(LineClient.said(whole.get(i), "alice").text()).isEqualTo(i + " " + padding);
        }
        assertThat(whole.size()).isLessThan(messages);
    }

    private int start(Transport transport, int maxOutputBytes) throws InterruptedException {
        assumeTrue(transport != Transport.EPOLL || Epoll.isAvailable(), "no native epoll on this machine");
        return keep(PeerServer.start(new PeerConfig("127.0.0.1", 0, transport, maxOutputBytes))).address().getPort();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.push(closeable);
        return closeable;
    }
}
