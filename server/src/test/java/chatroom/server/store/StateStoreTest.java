package chatroom.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.auth.TestHashes;
import chatroom.server.log.CapturedLog;
import chatroom.server.mod.Ban;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on its real thread. The tests order things with the store's own queue (a reload
 * runs after what was asked before it), and hold its thread with a latch where a save must
 * still be waiting; nothing waits for a time.
 */
class StateStoreTest {

    private static final Instant SET = Instant.parse("2026-12-02T07:00:00Z");
    /** Generous: only a failure waits this long. */
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private StateStore store;
    private CapturedLog log;

    @BeforeEach
    void open() {
        log = CapturedLog.of(StateStore.class);
        store = new StateStore(dir);
    }

    @AfterEach
    void close() {
        store.close();
        log.close();
    }

    private static Ban ban(long id, String name) {
        return new Ban(id, name, null, "alice", SET, null, "spam");
    }

    @Test
    void savedBansAndNamesAreOnDiskOnceClosed() throws Exception {
        List<Ban> bans = List.of(ban(1, "bob"), new Ban(2, null, "203.0.113.0/24", "alice", SET, null, ""));
        List<Registration> names = List.of(new Registration("alice", TestHashes.of("alice-password"), SET));

        store.saveBans(bans);
        store.saveNames(names);
        store.close();

        assertThat(BanFile.FORMAT.read(StateStore.bansFile(dir))).isEqualTo(bans);
        assertThat(NameFile.FORMAT.read(StateStore.namesFile(dir))).isEqualTo(names);
        assertThat(store.keepsNames()).isTrue();
    }

    @Test
    void aThousandSavesWhileOneWaitsAreOneWriteOfTheLast() throws Exception {
        CountDownLatch letGo = hold();
        List<Ban> bans = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            bans.add(ban(i, "user" + i));
            store.saveBans(bans);
        }
        letGo.countDown();
        store.close();

        assertThat(log.events("store_written")).hasSize(1);
        assertThat(BanFile.FORMAT.read(StateStore.bansFile(dir))).hasSize(1000).isEqualTo(bans);
    }

    @Test
    void aReloadReadsTheBansSavedBeforeItWasAsked() throws Exception {
        CountDownLatch letGo = hold();
        List<Ban> bans = List.of(ban(1, "bob"));
        store.saveBans(bans);
        AtomicReference<List<Ban>> reloaded = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);

        store.reload(null, (opers, read, current) -> {
            reloaded.set(read);
            done.countDown();
        });
        letGo.countDown();

        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(reloaded.get()).isEqualTo(bans);
    }

    @Test
    void aReadIsCurrentUntilTheLoopSavesBansAgain() throws Exception {
        store.saveBans(List.of(ban(1, "bob")));

        Reloaded reloaded = reload(null);
        assertThat(reloaded.current.getAsBoolean()).isTrue();

        // An operator bans mallory on the loop between the read and its use: the read would undo that.
        store.saveBans(List.of(ban(1, "bob"), ban(2, "mallory")));
        assertThat(reloaded.current.getAsBoolean()).isFalse();
    }

    @Test
    void aReadOfAFileWithoutTheNewestBansIsNotCurrent() throws Exception {
        CountDownLatch letGo = hold();
        AtomicReference<BooleanSupplier> current = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        store.reload(null, (opers, bans, fresh) -> {
            current.set(fresh);
            done.countDown();
        });
        // Saved after the reload was asked: written after the file is read.
        store.saveBans(List.of(ban(1, "bob")));
        letGo.countDown();

        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(current.get().getAsBoolean()).isFalse();
        assertThat(reload(null).current.getAsBoolean()).isTrue();
    }

    @Test
    void aReloadGivesTheOperatorsAndTheBansOnTheStoreThread() throws Exception {
        Path operFile = Files.writeString(dir.resolve("opers"), "alice " + TestHashes.of("alice-password") + "\n");
        Files.write(StateStore.bansFile(dir), BanFile.FORMAT.format(List.of(ban(4, "bob"))));

        Reloaded reloaded = reload(operFile);

        assertThat(reloaded.opers.hash("alice")).isNotNull();
        assertThat(reloaded.bans).containsExactly(ban(4, "bob"));
        assertThat(reloaded.thread).isEqualTo("chatroom-store");
    }

    @Test
    void aFileThatCannotBeReadGivesNullForItsPartAndAWarning() throws Exception {
        Path operFile = Files.writeString(dir.resolve("opers"), "alice\n");
        Files.write(StateStore.bansFile(dir), List.of("# chatroom bans v1", "1\tbob"));

        Reloaded reloaded = reload(operFile);

        assertThat(reloaded.opers).isNull();
        assertThat(reloaded.bans).isNull();
        assertThat(log.events("oper_reload_failed")).singleElement().asString().contains("line 1");
        assertThat(log.events("bans_reload_failed")).singleElement().asString().contains("line 2");
    }

    @Test
    void withoutAnOperFileTheOperatorsStayAsTheyWere() throws Exception {
        assertThat(reload(null).opers).isNull();
        assertThat(StateStore.rereadOpers(null)).isNull();
    }

    @Test
    void aWriteThatFailsIsLoggedAndTheNextChangeTriesAgain() throws Exception {
        // A directory where the file should be: the rename over it fails.
        Path blocker = Files.createDirectories(StateStore.bansFile(dir));
        Files.writeString(blocker.resolve("inside"), "x");

        store.saveBans(List.of(ban(1, "bob")));
        reload(null);
        assertThat(log.events("store_write_failed")).singleElement().asString().contains("bans.tsv");

        Files.delete(blocker.resolve("inside"));
        Files.delete(blocker);
        store.saveBans(List.of(ban(1, "bob"), ban(2, "mallory")));
        store.close();

        assertThat(BanFile.FORMAT.read(StateStore.bansFile(dir))).hasSize(2);
    }

    /** Holds the store's thread until the latch returned is counted down. */
    private CountDownLatch hold() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        store.reload(null, (opers, bans, current) -> {
            holding.countDown();
            try {
                letGo.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return letGo;
    }

    private record Reloaded(OperTable opers, List<Ban> bans, BooleanSupplier current, String thread) {}

    /** A reload, waited for: also a barrier behind everything asked of the store before it. */
    private Reloaded reload(Path operFile) throws InterruptedException {
        AtomicReference<Reloaded> reloaded = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        store.reload(operFile, (opers, bans, current) -> {
            reloaded.set(new Reloaded(opers, bans, current, Thread.currentThread().getName()));
            done.countDown();
        });
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return reloaded.get();
    }
}
