package chatroom.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.log.CapturedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool on real helper threads. Answers come back through an executor that queues them, as
 * the loop's does; the test drains that queue on its own thread, so an answer run on the wrong
 * thread or never handed back shows up as a missing element, not a timing.
 */
class HasherTest {

    /** Generous: only a failure waits this long. */
    private static final long WAIT_SECONDS = 30;

    private final BlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();
    private final List<Object> answers = new ArrayList<>();
    private Hasher hasher;

    @AfterEach
    void close() {
        hasher.close();
    }

    /** Runs the next task handed back to the "loop" on this thread. */
    private void runNextOnLoop() throws InterruptedException {
        Runnable task = loop.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(task).as("an answer handed back").isNotNull();
        task.run();
    }

    @Test
    void aVerifyIsAnsweredOnTheLoopWithTheResult() throws Exception {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);
        String stored = TestHashes.of("hunter2hunter2");

        assertThat(hasher.verify(stored, "hunter2hunter2".toCharArray(), answers::add)).isTrue();
        assertThat(hasher.verify(stored, "wrong-password".toCharArray(), answers::add)).isTrue();
        runNextOnLoop();
        runNextOnLoop();

        assertThat(answers).containsExactly(true, false);
    }

    @Test
    void noAccountIsCheckedAgainstTheDummyOnAHashThreadAndAnswersFalse() throws Exception {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);

        assertThat(hasher.verify(null, "hunter2hunter2".toCharArray(), answers::add)).isTrue();
        runNextOnLoop();

        assertThat(answers).containsExactly(false);
    }

    @Test
    void aNewHashIsAnsweredOnTheLoopAndVerifies() throws Exception {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);

        assertThat(hasher.hash("hunter2hunter2".toCharArray(), answers::add)).isTrue();
        runNextOnLoop();

        assertThat(answers).hasSize(1);
        String stored = (String) answers.get(0);
        assertThat(stored).contains("$i=" + TestHashes.ITERATIONS + "$");
        assertThat(PasswordHash.verify(stored, "hunter2hunter2".toCharArray())).isTrue();
    }

    @Test
    void thePasswordIsWipedOnceHashed() throws Exception {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);
        char[] password = "hunter2hunter2".toCharArray();

        hasher.hash(password, answers::add);
        runNextOnLoop();

        assertThat(password).containsOnly('\0');
    }

    @Test
    void aMalformedStoredHashComesBackAsAFailedCheckAndIsLogged() throws Exception {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);

        try (CapturedLog log = CapturedLog.of(Hasher.class)) {
            assertThat(hasher.verify("$not-a-hash$", "hunter2hunter2".toCharArray(), answers::add)).isTrue();
            runNextOnLoop();

            assertThat(answers).containsExactly(false);
            assertThat(log.events("password_hash_error")).singleElement().asString().doesNotContain("hunter2");
        }
    }

    @Test
    void whenTheThreadsAndTheQueueAreFullTheNextIsRefusedAtOnce() throws Exception {
        // The one thread is held inside its hand-back until the test lets go: then one check
        // waits in the queue of one, and the next has nowhere to go.
        CountDownLatch handingBack = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        hasher = new Hasher(1, 1, TestHashes.ITERATIONS, task -> {
            handingBack.countDown();
            await(letGo);
            loop.add(task);
        });
        String stored = TestHashes.of("hunter2hunter2");
        char[] refused = "hunter2hunter2".toCharArray();

        assertThat(hasher.verify(stored, "hunter2hunter2".toCharArray(), answers::add)).isTrue();
        assertThat(handingBack.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(hasher.verify(stored, "hunter2hunter2".toCharArray(), answers::add)).as("queued").isTrue();
        assertThat(hasher.verify(stored, refused, answers::add)).as("refused").isFalse();
        assertThat(refused).as("wiped, as nobody else will").containsOnly('\0');

        letGo.countDown();
        runNextOnLoop();
        runNextOnLoop();
        assertThat(answers).containsExactly(true, true);
        assertThat(loop).isEmpty();
    }

    @Test
    void theWarmUpHashesOnceOnAHelperThreadAndSaysHowLongItTook() throws Exception {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);

        try (CapturedLog log = CapturedLog.of(Hasher.class)) {
            hasher.warmUp();
            // One thread, first come first served: this answer comes after the warm-up is done.
            hasher.hash("hunter2hunter2".toCharArray(), answers::add);
            runNextOnLoop();

            assertThat(log.events("hash_warmed_up")).singleElement().asString()
                    .matches("event=hash_warmed_up ms=\\d+");
        }
        assertThat(loop).as("the warm-up answers nobody").isEmpty();
    }

    @Test
    void afterCloseEverythingIsRefused() {
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, loop::add);
        hasher.close();

        assertThat(hasher.hash("hunter2hunter2".toCharArray(), answers::add)).isFalse();
    }

    @Test
    void theHelperThreadsAreNamedDaemons() throws Exception {
        List<Thread> seen = new ArrayList<>();
        hasher = new Hasher(1, 4, TestHashes.ITERATIONS, task -> {
            seen.add(Thread.currentThread());
            loop.add(task);
        });

        hasher.hash("hunter2hunter2".toCharArray(), answers::add);
        runNextOnLoop();

        assertThat(seen).singleElement().satisfies(thread -> {
            assertThat(thread.getName()).isEqualTo("chatroom-hash-1");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
