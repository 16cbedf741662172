package chatroom.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link Client} running on a thread of its own, as main would run it, with short reconnect delays. */
final class ClientRun {

    /** Reconnects within tens of milliseconds, so a restart test takes no longer than the restart. */
    static Backoff quickBackoff() {
        return new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> 0.5);
    }

    private final FutureTask<Integer> task;

    private ClientRun(FutureTask<Integer> task) {
        this.task = task;
    }

    static ClientRun start(Ui ui, MessageRenderer renderer, OnlineNames names, int port, String name) {
        return start(ui, renderer, names, port, name, quickBackoff());
    }

    static ClientRun start(Ui ui, MessageRenderer renderer, OnlineNames names, int port, String name, Backoff backoff) {
        return start(ui, renderer, names, "127.0.0.1", port, Transport.tcp(null), name, backoff);
    }

    /** @param tls null for plain text */
    static ClientRun start(Ui ui, MessageRenderer renderer, OnlineNames names, String host, int port,
                           TlsConnector tls, String name, Backoff backoff) {
        return start(ui, renderer, names, host, port, Transport.tcp(tls), name, backoff);
    }

    static ClientRun start(Ui ui, MessageRenderer renderer, OnlineNames names, String host, int port,
                           Transport transport, String name, Backoff backoff) {
        Client client = new Client(ui, renderer, names, backoff);
        FutureTask<Integer> task = new FutureTask<>(() -> client.run(host, port, transport, name,
                new PasswordGuard(transport.encrypted(), false, null)));
        Thread thread = new Thread(task, "client-under-test");
        thread.setDaemon(true);
        thread.start();
        return new ClientRun(task);
    }

    /** The exit status, once the client has finished. */
    int exitStatus() throws InterruptedException, ExecutionException, TimeoutException {
        return task.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isRunning() {
        return !task.isDone();
    }
}
