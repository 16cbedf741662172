package chatroom.server.chat;

import static chatroom.server.chat.AccountsRig.LOGIN_TIMEOUT;
import static chatroom.server.chat.AccountsRig.registration;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import chatroom.server.auth.PasswordLimits;
import chatroom.server.auth.Registration;
import chatroom.server.chat.AccountsRig.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccountsTest {

    static final String PASSWORD = "correct-horse";
    static final String WRONG = "wrong-horse";

    private AccountsRig rig = new AccountsRig(AccountRules.DEFAULTS, List.of(registration("alice", PASSWORD)));

    /** The events a session gets when it is given a name and enters the lobby, for a test that only cares that it was. */
    private static boolean named(List<Event> events, String name) {
        return events.stream().anyMatch(e -> e instanceof Event.Hello hello && hello.name().equals(name));
    }

    @Nested
    class RegisteredNames {

        @Test
        void aRegisteredNameAsksForItsPasswordAndIsNotGivenBeforeIt() {
            User user = rig.connect();

            user.type("alice");

            assertThat(user.take()).containsExactly(
                    new Event.PasswordNeeded(rig.now(), "alice", LOGIN_TIMEOUT.toSeconds(), false));
            assertThat(user.name()).isNull();
            assertThat(rig.hashing.requests()).isZero();
        }

        @Test
        void thePasswordQuestionGivesTheTimeTheLoginTimerHasLeft() {
            User user = rig.connect();
            rig.advance(Duration.ofSeconds(20));

            user.type("alice");

            assertThat(user.take()).containsExactly(new Event.PasswordNeeded(rig.now(), "alice",
                    LOGIN_TIMEOUT.minusSeconds(20).toSeconds(), false));
        }

        @Test
        void theRightPasswordGivesTheName() {
            User user = rig.connect();
            user.type("alice");
            user.type("/identify " + PASSWORD);
            user.take();

            assertThat(rig.hashing.pending()).isEqualTo(1);
            rig.hashing.completeAll();

            List<Event> events = user.take();
            assertThat(events.get(0)).isEqualTo(new Event.Identified(rig.now(), "alice"));
            assertThat(events.get(1)).isEqualTo(new Event.Hello(rig.now(), "alice"));
            assertThat(user.name()).isEqualTo("alice");
        }

        @Test
        void aWrongPasswordIsToldAndTheNameAskedForAgain() {
            User user = rig.connect();
            user.type("alice");
            user.type("/identify " + WRONG);
            user.take();

            rig.hashing.completeAll();

            assertThat(user.take()).containsExactly(
                    Problem.PASSWORD_WRONG.event(rig.now(), "alice"), new Event.AskName(rig.now()));
            assertThat(user.name()).isNull();
            assertThat(user.session.pendingName()).isNull();
        }

        @Test
        void identifyWithTheNameWorksBeforeAnyNameLine() {
            User user = rig.connect();

            user.type("/identify ALICE " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(user.name()).isEqualTo("ALICE");
        }

        @Test
        void identifyOfANameThatIsNotRegisteredAsksForANameAgain() {
            User user = rig.connect();

            user.type("/identify bob " + PASSWORD);

            assertThat(user.take()).containsExactly(
                    Problem.NOT_REGISTERED.event(rig.now(), "bob"), new Event.AskName(rig.now()));
            assertThat(rig.hashing.requests()).isZero();
        }

        @Test
        void theRightPasswordReplacesAGhostHoldingTheName() {
            User ghost = identifiedAlice();
            User bob = rig.login("bob");
            User again = rig.connect("192.0.2.9:50000");

            again.type("alice");
            assertThat(again.take()).containsExactly(
                    new Event.PasswordNeeded(rig.now(), "alice", LOGIN_TIMEOUT.toSeconds(), true));
            again.type("/identify " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(ghost.take()).containsExactly(new Event.Replaced(rig.now(), "192.0.2.9"));
            assertThat(ghost.peer.closeReasons()).containsExactly(Accounts.REPLACED);
            assertThat(bob.take()).containsExactly(
                    new Event.Left(rig.now(), "lobby", "alice", Accounts.REPLACED),
                    new Event.Joined(rig.now(), "lobby", "alice"));
            assertThat(again.name()).isEqualTo("alice");
        }

        @Test
        void aNamedUserTakesTheirNameBackFromAGhostAsARename() {
            User ghost = identifiedAlice();
            User bob = rig.login("bob");
            User again = rig.login("alice_");

            again.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(ghost.peer.isClosed()).isTrue();
            assertThat(bob.take()).containsExactly(
                    new Event.Left(rig.now(), "lobby", "alice", Accounts.REPLACED),
                    new Event.Renamed(rig.now(), "lobby", "alice_", "alice", false));
            assertThat(again.name()).isEqualTo("alice");
        }

        @Test
        void identifyAsARenameIsANameChangeAndKeepsItsLimit() {
            rig = new AccountsRig(AccountRules.DEFAULTS,
                    List.of(registration("alice", PASSWORD), registration("alicia", PASSWORD)));
            User user = rig.login("carol");
            String[] names = {"alice", "alicia"};
            for (int i = 0; i < 2; i++) {
                user.type("/identify " + names[i % 2] + " " + PASSWORD);
                rig.hashing.completeAll();
            }
            user.take();
            int hashes = rig.hashing.requests();

            user.type("/identify alice " + PASSWORD);

            assertThat(user.take()).containsExactly(Problem.NICK_TOO_FAST.count(rig.now(), 10));
            assertThat(rig.hashing.requests()).as("refused before any hash").isEqualTo(hashes);
            assertThat(user.name()).isEqualTo("alicia");
        }

        @Test
        void nickToARegisteredNameNeedsItsPassword() {
            User user = rig.login("carol");

            user.type("/nick alice");
            assertThat(user.take()).containsExactly(Problem.NAME_REGISTERED.event(rig.now(), "alice"));
            assertThat(user.name()).isEqualTo("carol");

            user.type("/identify " + PASSWORD);
            rig.hashing.completeAll();
            assertThat(user.name()).isEqualTo("alice");

            user.type("/nick carol");
            rig.advance(Duration.ofSeconds(10)); // the /identify was a name change too
            user.type("/nick alice");
            assertThat(user.name()).as("proved once, theirs for the session").isEqualTo("alice");
        }

        @Test
        void reservedNamesAreRefusedAtLoginAndNick() {
            User user = rig.connect();
            user.type("Admin");
            assertThat(user.take()).containsExactly(
                    Problem.NAME_RESERVED.event(rig.now(), "Admin"), new Event.AskName(rig.now()));

            User carol = rig.login("carol");
            carol.type("/nick lobby");
            assertThat(carol.take()).containsExactly(Problem.NAME_RESERVED.event(rig.now(), "lobby"));
        }

        @Test
        void youIsReservedSinceNoticesAboutSomeoneCalledYouWouldReadAsTheReadersOwn() {
            Event.Unmuted aboutYou = new Event.Unmuted(null, null, "You", null, false);
            assertThat(TextCodec.parse(new TextCodec(java.time.ZoneOffset.UTC).encode(aboutYou)))
                    .as("the text line cannot tell the two apart").isNotEqualTo(aboutYou);

            User user = rig.connect();
            user.type("you");
            assertThat(user.take()).containsExactly(
                    Problem.NAME_RESERVED.event(rig.now(), "you"), new Event.AskName(rig.now()));
        }

        @Test
        void whenTheLoginTimerRunsOutOnAPendingNameTheUserGetsOneMoreTimeoutForAnotherName() {
            User user = rig.connect();
            user.type("alice");
            user.take();

            rig.advance(LOGIN_TIMEOUT);
            assertThat(user.take()).containsExactly(
                    Problem.IDENTIFY_TIMEOUT.event(rig.now(), "alice"), new Event.AskName(rig.now()));
            assertThat(user.peer.isClosed()).isFalse();

            user.type("alice");
            rig.advance(LOGIN_TIMEOUT);
            assertThat(user.take()).containsExactly(
                    new Event.PasswordNeeded(rig.now().minus(LOGIN_TIMEOUT), "alice", LOGIN_TIMEOUT.toSeconds(), false),
                    Problem.LOGIN_TIMEOUT.count(rig.now(), LOGIN_TIMEOUT.toSeconds()));
            assertThat(user.peer.isClosed()).isTrue();
        }

        @Test
        void anotherNameLineWhileTheCheckRunsMakesItsAnswerStale() {
            User user = rig.connect();
            user.type("alice");
            user.type("/identify " + PASSWORD);
            user.type("carol");
            user.take();

            rig.hashing.completeAll();

            assertThat(user.name()).isEqualTo("carol");
            assertThat(user.take()).isEmpty();
        }

        @Test
        void aPasswordChangedWhileACheckRanMakesTheOldPasswordWrong() {
            User owner = identifiedAlice();
            User other = rig.connect();
            other.type("/identify alice " + PASSWORD);
            owner.type("/passwd " + PASSWORD + " new-password");

            rig.hashing.complete(1); // the owner's old password: right
            rig.hashing.complete(1); // the owner's new hash
            rig.hashing.complete(0); // the other's check, against the old hash

            assertThat(owner.take()).containsExactly(new Event.PasswordChanged(rig.now(), "alice"));
            assertThat(other.take()).containsExactly(
                    Problem.PASSWORD_WRONG.event(rig.now(), "alice"), new Event.AskName(rig.now()));
            assertThat(owner.peer.isClosed()).isFalse();
        }

        @Test
        void aChangedPasswordEndsWhatAnOldProofAllowedOnOtherConnections() {
            User thief = identifiedAlice(); // knew the old password
            thief.type("/nick mallory");
            User owner = rig.connect();
            owner.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            owner.type("/passwd " + PASSWORD + " new-password");
            rig.hashing.completeAll();
            owner.type("/quit");
            rig.drainAll();

            thief.type("/nick alice");

            assertThat(thief.name()).isEqualTo("mallory");
            assertThat(thief.take()).containsExactly(Problem.NAME_REGISTERED.event(rig.now(), "alice"));
        }

        @Test
        void aNameRegisteredAnewIsNotTheOldOwnersAnyMore() {
            User old = identifiedAlice();
            old.type("/nick mallory");
            User owner = rig.connect();
            owner.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            owner.type("/unregister " + PASSWORD);
            rig.hashing.completeAll();
            owner.type("/quit");
            User carol = rig.login("alice");
            carol.type("/register carols-password");
            rig.hashing.completeAll();
            carol.type("/quit");
            rig.drainAll();

            old.type("/nick alice");

            assertThat(old.name()).isEqualTo("mallory");
        }

        @Test
        void aNameBannedWhileItsPasswordIsCheckedIsNotGiven() {
            User root = rig.operator("root1");
            User user = rig.connect();
            user.type("/identify alice " + PASSWORD);
            root.type("/ban alice 1h");
            user.take();

            rig.hashing.completeAll();

            assertThat(user.name()).isNull();
            assertThat(user.take()).containsExactly(
                    Problem.NAME_BANNED.event(rig.now(), "alice"), new Event.AskName(rig.now()));
        }

        @Test
        void aRegisteredNameThatIsReservedIsNotGivenForItsPassword() {
            rig = new AccountsRig(new AccountRules(java.util.Set.of("alice"), false, 0, 10, 5, Duration.ofSeconds(20)),
                    List.of(registration("alice", PASSWORD)));
            User user = rig.connect();

            user.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(user.name()).isNull();
            assertThat(user.take()).containsExactly(
                    Problem.NAME_RESERVED.event(rig.now(), "alice"), new Event.AskName(rig.now()));
        }

        /** A session called alice, having proved it. */
        private User identifiedAlice() {
            User alice = rig.connect();
            alice.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            assertThat(alice.name()).isEqualTo("alice");
            rig.drainAll();
            return alice;
        }
    }

    @Nested
    class Registering {

        @Test
        void registerReservesTheNameAndSavesTheNames() {
            User carol = rig.login("carol");

            carol.type("/register " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(carol.take()).containsExactly(new Event.Registered(rig.now(), "carol", false));
            assertThat(rig.saved.names).hasSize(1);
            assertThat(rig.saved.names.get(0)).extracting(Registration::name).containsExactlyInAnyOrder("alice", "carol");

            carol.type("/quit");
            User other = rig.connect();
            other.type("carol");
            assertThat(other.take()).containsExactly(
                    new Event.PasswordNeeded(rig.now(), "carol", LOGIN_TIMEOUT.toSeconds(), false));
        }

        @Test
        void registerIsRefusedWithoutPersistenceTwiceOrOverTheLimit() {
            AccountsRig off = new AccountsRig(AccountRules.DEFAULTS, List.of(), List.of(), false);
            User carol = off.login("carol");
            carol.type("/register " + PASSWORD);
            assertThat(carol.take()).containsExactly(Problem.REGISTRATION_OFF.event(off.now()));

            User alice = rig.connect();
            alice.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            alice.take();
            alice.type("/register " + PASSWORD);
            assertThat(alice.take()).containsExactly(Problem.ALREADY_REGISTERED.event(rig.now(), "alice"));

            AccountRules one = new AccountRules(AccountRules.DEFAULT_RESERVED, false, 0, 1, 5, Duration.ofSeconds(20));
            AccountsRig full = new AccountsRig(one, List.of(registration("alice", PASSWORD)));
            User dave = full.login("dave");
            dave.type("/register " + PASSWORD);
            assertThat(dave.take()).containsExactly(Problem.TOO_MANY_REGISTRATIONS.count(full.now(), 1));
        }

        @Test
        void aRenameWhileTheHashRunsIsToldTheOldNameWasNotRegistered() {
            User carol = rig.login("carol");

            carol.type("/register " + PASSWORD);
            carol.type("/nick carl");
            carol.take();
            rig.hashing.completeAll();

            assertThat(carol.take()).containsExactly(Problem.NOT_REGISTERED.event(rig.now(), "carol"));
            assertThat(rig.saved.names).isEmpty();
        }

        @Test
        void unregisterFreesTheName() {
            User alice = rig.connect();
            alice.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            alice.take();

            alice.type("/unregister " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(alice.take()).containsExactly(new Event.Registered(rig.now(), "alice", true));
            assertThat(rig.saved.names).last().isEqualTo(List.of());
        }

        @Test
        void aFullQueueForTheNewHashLeavesThePasswordAsItWas() {
            User alice = rig.connect();
            alice.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            alice.take();

            alice.type("/passwd " + PASSWORD + " new-password");
            rig.hashing.busy(true);
            rig.hashing.completeAll();

            assertThat(alice.take()).containsExactly(Problem.PASSWORD_BUSY.event(rig.now()));
            assertThat(rig.saved.names).isEmpty();
            rig.hashing.busy(false);
            alice.type("/passwd " + PASSWORD + " new-password");
            assertThat(rig.hashing.pending()).as("no check left in flight").isEqualTo(1);
        }

        @Test
        void unregisterAndPasswdNeedTheRightPassword() {
            User alice = rig.connect();
            alice.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            alice.take();

            alice.type("/unregister " + WRONG);
            rig.hashing.completeAll();
            alice.type("/passwd " + WRONG + " new-password");
            rig.hashing.completeAll();

            assertThat(alice.take()).containsExactly(
                    Problem.PASSWORD_WRONG.event(rig.now(), "alice"), Problem.PASSWORD_WRONG.event(rig.now(), "alice"));
            assertThat(rig.saved.names).isEmpty();
        }
    }

    @Nested
    class Checks {

        @Test
        void aPasswordOverAPlainConnectionIsRefusedBeforeAnythingElse() {
            User plain = rig.connect();
            plain.peer.encrypted(false);
            plain.type("/identify alice x");

            assertThat(plain.take()).containsExactly(
                    Problem.PLAINTEXT_PASSWORD.event(rig.now(), ""), new Event.AskName(rig.now()));

            AccountsRig tls = new AccountsRig(AccountRules.DEFAULTS.withTlsPort(5443), List.of());
            User other = tls.login("carol");
            other.peer.encrypted(false);
            other.type("/register " + PASSWORD);
            assertThat(other.take()).containsExactly(Problem.PLAINTEXT_PASSWORD.event(tls.now(), " (port 5443)"));
            assertThat(rig.hashing.requests() + tls.hashing.requests()).isZero();
        }

        @Test
        void plainPasswordsAreTakenWhenTheServerAllowsThem() {
            rig = new AccountsRig(AccountRules.DEFAULTS.withPlaintextPasswords(true), List.of());
            User plain = rig.login("carol");
            plain.peer.encrypted(false);

            plain.type("/register " + PASSWORD);

            assertThat(rig.hashing.requests()).isEqualTo(1);
        }

        @Test
        void aPasswordThatBreaksTheRuleIsRefusedWithoutAHash() {
            User carol = rig.login("carol");

            carol.type("/register short");
            carol.type("/passwd " + PASSWORD + " short");

            assertThat(carol.take()).containsExactly(
                    Problem.PASSWORD_RULE.event(rig.now()), Problem.PASSWORD_RULE.event(rig.now()));
            assertThat(rig.hashing.requests()).isZero();
        }

        @Test
        void everyPasswordCommandCostsFloodTokensRefusedOrNot() {
            User user = rig.connect();
            user.peer.encrypted(false);
            user.type("/identify alice " + PASSWORD);
            user.peer.encrypted(true);
            user.type("/identify alice " + PASSWORD);

            assertThat(user.peer.charges()).containsExactly(Accounts.PASSWORD_COST, Accounts.PASSWORD_COST);
        }

        @Test
        void oneCheckAtATimePerSession() {
            User user = rig.connect();
            user.type("/identify alice " + WRONG);
            user.type("/identify alice " + PASSWORD);

            assertThat(user.take()).containsExactly(
                    Problem.PASSWORD_PENDING.event(rig.now()), new Event.AskName(rig.now()));
            assertThat(rig.hashing.pending()).isEqualTo(1);
        }

        @Test
        void aFullHashQueueIsBusyAndCostsNoAttempt() {
            rig.hashing.busy(true);
            User user = rig.connect();
            for (int i = 0; i < 10; i++) {
                user.type("/identify alice " + PASSWORD);
            }

            assertThat(user.take()).containsOnly(Problem.PASSWORD_BUSY.event(rig.now()), new Event.AskName(rig.now()))
                    .doesNotContain(Problem.PASSWORD_TOO_FAST.count(rig.now(), 20));
            rig.hashing.busy(false);
            user.type("/identify alice " + PASSWORD);
            assertThat(rig.hashing.pending()).isEqualTo(1);
        }

        @Test
        void fiveAttemptsFromOneAddressThenOneEvery20Seconds() {
            User user = rig.connect();
            for (int i = 0; i < 5; i++) {
                user.type("/identify alice " + WRONG);
                rig.hashing.completeAll();
            }
            user.take();

            user.type("/identify alice " + PASSWORD);
            assertThat(user.take()).containsExactly(
                    Problem.PASSWORD_TOO_FAST.count(rig.now(), 20), new Event.AskName(rig.now()));
            assertThat(rig.hashing.requests()).isEqualTo(5);

            rig.advance(Duration.ofSeconds(20));
            user.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            assertThat(user.name()).isEqualTo("alice");
        }

        @Test
        void passwdCostsAnAttemptRightOrNotSoOneAddressCannotKeepTheHashThreadsBusy() {
            User alice = rig.connect();
            alice.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            String[] passwords = {PASSWORD, "second-password"};
            for (int i = 0; i < 5; i++) {
                alice.type("/passwd " + passwords[i % 2] + " " + passwords[(i + 1) % 2]);
                rig.hashing.completeAll();
            }
            alice.take();
            int hashes = rig.hashing.requests();

            alice.type("/passwd " + passwords[1] + " " + passwords[0]);

            assertThat(alice.take()).containsExactly(Problem.PASSWORD_TOO_FAST.count(rig.now(), 20));
            assertThat(rig.hashing.requests()).isEqualTo(hashes);
        }

        @Test
        void theCountsForMetricsTellRightWrongRateLimitedBusyAndPlaintext() {
            User user = rig.connect();
            for (int i = 0; i < 5; i++) {
                user.type("/identify alice " + WRONG);
                rig.hashing.completeAll();
            }
            user.type("/identify alice " + PASSWORD);
            rig.advance(Duration.ofSeconds(20));
            rig.hashing.busy(true);
            user.type("/identify alice " + PASSWORD);
            rig.hashing.busy(false);
            user.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            User plain = rig.connect();
            plain.peer.encrypted(false);
            plain.type("/identify alice " + PASSWORD);

            PasswordCounts counts = rig.chat.passwordCounts();
            assertThat(List.of(counts.right(), counts.wrong(), counts.rateLimited(), counts.busy(), counts.plaintext()))
                    .containsExactly(1L, 5L, 1L, 1L, 1L);
        }

        @Test
        void aNameTakesTenWrongPasswordsFromAnyAddressThenOneEvery10Seconds() {
            for (int i = 0; i < PasswordLimits.NAME_FAILURES; i++) {
                User guesser = rig.connect();
                guesser.type("/identify alice " + WRONG);
                rig.hashing.completeAll();
            }
            User owner = rig.connect();

            owner.type("/identify alice " + PASSWORD);

            assertThat(owner.take()).containsExactly(
                    Problem.PASSWORD_TOO_FAST.count(rig.now(), 10), new Event.AskName(rig.now()));
        }

        @Test
        void oneAddressGuessingAsFastAsItMayCannotKeepTheOwnerOut() {
            User guesser = rig.connect();
            for (int i = 0; i < 5; i++) {
                guesser.type("/identify alice " + WRONG);
                rig.hashing.completeAll();
            }
            for (int minute = 0; minute < 10; minute++) {
                for (int i = 0; i < 3; i++) {
                    rig.advance(Duration.ofSeconds(20));
                    guesser.type("/identify alice " + WRONG);
                    rig.hashing.completeAll();
                }
            }
            User owner = rig.connect();

            owner.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();

            assertThat(owner.name()).isEqualTo("alice");
        }

        @Test
        void aWrongPasswordCountsAgainstTheNameEvenIfTheGuesserLeftBeforeTheAnswer() {
            for (int i = 0; i < PasswordLimits.NAME_FAILURES; i++) {
                User guesser = rig.connect();
                guesser.type("/identify alice " + WRONG);
                guesser.type("/quit");
            }
            rig.hashing.completeAll();
            User owner = rig.connect();

            owner.type("/identify alice " + PASSWORD);

            assertThat(owner.take()).startsWith(Problem.PASSWORD_TOO_FAST.count(rig.now(), 10));
        }
    }

    @Nested
    class Opers {

        @Test
        void aWrongPasswordOrAnUnknownAccountGetTheSameAnswerAfterTheSameWork() {
            User carol = rig.login("carol");

            carol.type("/oper root " + WRONG);
            rig.hashing.completeAll();
            carol.type("/oper nobody " + AccountsRig.ROOT_PASSWORD);
            rig.hashing.completeAll();

            assertThat(carol.take()).containsExactly(
                    Problem.OPER_FAILED.event(rig.now()), Problem.OPER_FAILED.event(rig.now()));
            assertThat(rig.hashing.requests()).as("the unknown account was checked too").isEqualTo(2);
            assertThat(carol.session.isOperator()).isFalse();
        }

        @Test
        void theRightPasswordMakesAnOperator() {
            User carol = rig.login("carol");

            carol.type("/oper ROOT " + AccountsRig.ROOT_PASSWORD);
            rig.hashing.completeAll();

            assertThat(carol.take()).containsExactly(new Event.Oper(rig.now(), "ROOT", true));
        }
    }

    /**
     * Hashing never holds up the loop: fifty logins wait for their checks while everything
     * else goes on, and each ends as its answer says, whatever order the answers come in.
     */
    @Test
    void fiftyLoginsAtOnceWaitForTheirChecksWhileTheLoopGoesOn() {
        List<Registration> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            names.add(registration("user" + i, PASSWORD));
        }
        rig = new AccountsRig(AccountRules.DEFAULTS, names);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            User user = rig.connect();
            user.type("/identify user" + i + " " + (i % 2 == 0 ? PASSWORD : WRONG));
            users.add(user);
        }
        User canary = rig.login("canary");

        assertThat(rig.hashing.pending()).isEqualTo(50);
        canary.type("/ping");
        assertThat(canary.take()).containsExactly(new Event.Pong(rig.now()));
        assertThat(users).allMatch(user -> user.name() == null);

        users.get(7).type("/quit");
        for (int i = 49; i >= 0; i--) {
            rig.hashing.complete(i);
        }

        for (int i = 0; i < 50; i++) {
            User user = users.get(i);
            List<Event> events = user.take();
            if (i == 7) {
                assertThat(events).as("quit before its answer").containsExactly(new Event.Bye(rig.now()));
                assertThat(user.name()).isNull();
            } else if (i % 2 == 0) {
                assertThat(named(events, "user" + i)).as("user%d named", i).isTrue();
            } else {
                assertThat(events).as("user%d", i).containsExactly(
                        Problem.PASSWORD_WRONG.event(rig.now(), "user" + i), new Event.AskName(rig.now()));
            }
        }
        assertThat(rig.chat.namedUsers()).isEqualTo(1 + 25);
    }

    /** What the chat logs at INFO and above while {@code action} runs. */
    private static List<String> logged(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger("chatroom.server.chat");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Level level = logger.getLevel();
        lines.start();
        logger.setLevel(Level.INFO);
        logger.addAppender(lines);
        try {
            action.run();
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void noPasswordNorHashIsEverLogged() {
        List<String> lines = logged(() -> {
            User user = rig.connect();
            user.type("/identify alice " + WRONG);
            rig.hashing.completeAll();
            user.type("/identify alice " + PASSWORD);
            rig.hashing.completeAll();
            user.type("/passwd " + PASSWORD + " new-" + PASSWORD);
            rig.hashing.completeAll();
            rig.advance(Duration.ofSeconds(1)); // failures from one address are logged once a second
            user.type("/oper root " + WRONG);
            rig.hashing.completeAll();
            user.type("/oper root " + AccountsRig.ROOT_PASSWORD);
            rig.hashing.completeAll();
            rig.advance(Duration.ofSeconds(1));
            user.type("/unregister new-" + PASSWORD);
            rig.hashing.completeAll();
        });

        assertThat(lines)
                .anyMatch(line -> line.startsWith("event=identify_failed"))
                .anyMatch(line -> line.startsWith("event=identify "))
                .anyMatch(line -> line.startsWith("event=passwd "))
                .anyMatch(line -> line.startsWith("event=oper_failed"))
                .anyMatch(line -> line.startsWith("event=unregister "))
                .noneMatch(line -> line.contains(PASSWORD) || line.contains(WRONG)
                        || line.contains(AccountsRig.ROOT_PASSWORD) || line.contains("plain:"));
    }

    @Test
    void failuresFromOneAddressAreLoggedOnceASecond() {
        List<String> lines = logged(() -> {
            User user = rig.connect();
            for (int i = 0; i < 3; i++) {
                user.type("/identify alice " + WRONG);
                rig.hashing.completeAll();
            }
            rig.advance(Duration.ofSeconds(1));
            user.type("/identify alice " + WRONG);
            rig.hashing.completeAll();
        });

        assertThat(lines).filteredOn(line -> line.startsWith("event=identify_failed"))
                .hasSize(2)
                .last().asString().endsWith("unlogged=2");
    }
}
