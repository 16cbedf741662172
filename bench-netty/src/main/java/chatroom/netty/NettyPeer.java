package chatroom.netty;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the Netty peer and prints where it listens, {@code netty peer listening on
 * 127.0.0.1:PORT transport=epoll}, one line on stdout that a script waits for. SIGTERM and
 * Ctrl-C stop it with status 0.
 */
@Command(name = "chatroom-netty-peer", mixinStandardHelpOptions = true,
        description = "A Netty chat server speaking chatroom's text lines, one event-loop thread: "
                + "the benchmark's comparison peer, not a product.")
final class NettyPeer implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--transport", defaultValue = "epoll", paramLabel = "epoll|nio",
            description = "native epoll or the JDK's NIO selector (default: ${DEFAULT-VALUE})")
    Transport transport;

    @Option(names = "--max-output-bytes", paramLabel = "BYTES", defaultValue = "" + PeerConfig.DEFAULT_MAX_OUTPUT_BYTES,
            description = "output that may wait for a connection before it is closed as a slow consumer "
                    + "(default: ${DEFAULT-VALUE})")
    int maxOutputBytes;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new NettyPeer()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PeerServer server = PeerServer.start(new PeerConfig(host, port, transport, maxOutputBytes));
        // A shutdown hook would leave the JVM's status at 143 whatever it did; handling the signal lets it exit 0.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> server.close());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> server.close());
        System.out.println("netty peer listening on " + host + ":" + server.address().getPort()
                + " transport=" + transport.word());
        System.out.flush();
        server.awaitClose();
        return 0;
    }
}
