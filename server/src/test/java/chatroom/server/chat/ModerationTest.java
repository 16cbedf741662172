package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Durations;
import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import chatroom.server.auth.OperTable;
import chatroom.server.chat.AccountsRig.User;
import chatroom.server.mod.Ban;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModerationTest {

    private final AccountsRig rig = new AccountsRig();

    @Nested
    class Operators {

        @ParameterizedTest
        @ValueSource(strings = {"/kick bob", "/ban bob", "/unban bob", "/bans", "/mute bob", "/unmute bob",
                "/wall hi", "/deoper", "/topic lobby hello"})
        void aUserIsToldTheCommandIsForOperators(String line) {
            User bob = rig.login("bob");
            User alice = rig.login("alice");

            alice.type(line);

            String word = line.split(" ")[0];
            assertThat(alice.take()).containsExactly(Problem.NOT_OPERATOR.event(rig.now(), word));
            assertThat(bob.take()).isEmpty();
        }

        @Test
        void helpShowsTheOperatorCommandsToOperatorsOnly() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");

            alice.type("/help");
            bob.type("/help");

            assertThat(alice.take()).containsExactly(new Event.Help(rig.now(), true));
            assertThat(bob.take()).containsExactly(new Event.Help(rig.now(), false));
            assertThat(alice.peer.lines()).contains("***   " + CommandSpec.KICK.usage() + " ".repeat(
                    helpWidth(true) - CommandSpec.KICK.usage().length()) + CommandSpec.KICK.description());
            assertThat(String.join("\n", bob.peer.lines())).doesNotContain(CommandSpec.KICK.word());
        }

        private int helpWidth(boolean operator) {
            return CommandSpec.visible(operator).stream().mapToInt(spec -> spec.usage().length()).max().orElse(0) + 2;
        }

        @Test
        void deoperEndsTheOperatorsPowers() {
            User alice = rig.operator("alice");

            alice.type("/deoper");
            alice.type("/wall hi");

            assertThat(alice.take()).containsExactly(
                    new Event.Oper(rig.now(), AccountsRig.ROOT, false),
                    Problem.NOT_OPERATOR.event(rig.now(), CommandSpec.WALL.word()));
        }

        @Test
        void aReloadWithoutTheAccountOrWithAnotherPasswordEndsTheOperator() {
            User alice = rig.operator("alice");
            User carol = rig.operator("carol");

            rig.chat.reloaded(new OperTable(Map.of(AccountsRig.ROOT, ManualHashing.hashOf(AccountsRig.ROOT_PASSWORD))),
                    null);
            assertThat(alice.take()).as("the same password: still an operator").isEmpty();

            rig.chat.reloaded(new OperTable(Map.of(AccountsRig.ROOT, ManualHashing.hashOf("another-password"))), null);

            assertThat(alice.take()).containsExactly(new Event.Oper(rig.now(), AccountsRig.ROOT, false));
            assertThat(carol.take()).containsExactly(new Event.Oper(rig.now(), AccountsRig.ROOT, false));
            assertThat(alice.session.isOperator()).isFalse();
        }

        @Test
        void wallGoesToEveryoneWithANameInEveryRoom() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            bob.type("/join dev");
            User waiting = rig.connect();
            rig.drainAll();

            alice.type("/wall server restarts at noon");

            Event wall = new Event.Wall(rig.now(), "alice", "server restarts at noon");
            assertThat(alice.take()).containsExactly(wall);
            assertThat(bob.take()).containsExactly(wall);
            assertThat(waiting.take()).isEmpty();
            assertThat(alice.peer.outbounds().get(alice.peer.outbounds().size() - 1))
                    .as("encoded once for all").isSameAs(bob.peer.outbounds().get(bob.peer.outbounds().size() - 1));
        }
    }

    @Nested
    class Kicks {

        @Test
        void aKickTellsTheVictimAndTheRoomInsteadOfALeaveThenCloses() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User carol = rig.login("carol");

            alice.type("/kick bob spamming");

            Instant now = rig.now();
            assertThat(bob.take()).containsExactly(new Event.Kicked(now, "lobby", "bob", "alice", "spamming", true));
            assertThat(bob.peer.closeReasons()).containsExactly("kicked by alice");
            assertThat(carol.take()).containsExactly(new Event.Kicked(now, "lobby", "bob", "alice", "spamming", false));
            assertThat(alice.take()).containsExactly(new Event.Kicked(now, "lobby", "bob", "alice", "spamming", false));
            assertThat(rig.chat.namedUsers()).isEqualTo(2);
        }

        @Test
        void aKickInABigRoomIsStillOneLineNotASummary() {
            AccountsRig small = new AccountsRig();
            User alice = small.operator("alice");
            for (int i = 0; i < 101; i++) {
                small.login("u" + i);
            }
            User carol = small.login("carol");

            alice.type("/kick u5");

            assertThat(carol.take()).containsExactly(new Event.Kicked(small.now(), "lobby", "u5", "alice", "", false));
        }

        @Test
        void theOperatorInAnotherRoomIsToldToo() {
            User alice = rig.operator("alice");
            alice.type("/join ops");
            User bob = rig.login("bob");
            alice.take();

            alice.type("/kick bob");

            assertThat(alice.take()).containsExactly(new Event.Kicked(rig.now(), "lobby", "bob", "alice", "", false));
            assertThat(bob.peer.isClosed()).isTrue();
        }

        @Test
        void noOneOnlineByThatNameOrAnOperatorCannotBeKicked() {
            User alice = rig.operator("alice");
            User carol = rig.operator("carol");

            alice.type("/kick nobody");
            alice.type("/kick carol");
            alice.type("/kick alice");

            assertThat(alice.take()).containsExactly(
                    Problem.NO_SUCH_USER.event(rig.now(), "nobody"),
                    Problem.CANNOT_TARGET_OPERATOR.event(rig.now(), "carol"),
                    Problem.CANNOT_TARGET_OPERATOR.event(rig.now(), "alice"));
            assertThat(carol.peer.isClosed()).isFalse();
        }
    }

    @Nested
    class Bans {

        @Test
        void banningAnOnlineUserBansTheNameAndTheAddressAsOneBan() throws Exception {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User bobsOther = rig.connect(bob.peer.address().replace(":4", ":5"));
            User carol = rig.login("carol");

            alice.type("/ban bob 2h flooding");

            Instant now = rig.now();
            Instant until = now.plus(Duration.ofHours(2));
            String address = bob.peer.inetAddress().getHostAddress();
            assertThat(bob.take()).containsExactly(
                    new Event.Banned(now, "lobby", "bob", "alice", until, "flooding", 0, true));
            assertThat(bob.peer.closeReasons()).containsExactly("banned by alice");
            assertThat(bobsOther.take()).as("bob's unnamed second connection")
                    .containsExactly(new Event.Banned(now, null, "bob (" + address + ")", "alice", until, "flooding", 0,
                            true));
            assertThat(bobsOther.peer.isClosed()).isTrue();
            assertThat(carol.take()).containsExactly(
                    new Event.Banned(now, "lobby", "bob", "alice", until, "flooding", 0, false));
            assertThat(alice.take()).containsExactly(
                    new Event.Banned(now, "lobby", "bob", "alice", until, "flooding", 0, false),
                    new Event.Banned(now, null, "bob (" + address + ")", "alice", until, "flooding", 2, false));

            Ban ban = rig.bans.active(now).get(0);
            assertThat(ban.name()).isEqualTo("bob");
            assertThat(ban.block()).isEqualTo(address);
            assertThat(rig.saved.bans).containsExactly(List.of(ban));
            assertThat(rig.bans.addressBan(InetAddress.getByName(address), now)).isEqualTo(ban);
        }

        @Test
        void aBannedNameIsRefusedAtLoginAndNick() {
            User alice = rig.operator("alice");
            alice.type("/ban Bob");
            User carol = rig.login("carol");
            User newcomer = rig.connect();

            newcomer.type("bob");
            carol.type("/nick BOB");

            assertThat(newcomer.take()).containsExactly(
                    Problem.NAME_BANNED.event(rig.now(), "bob"), new Event.AskName(rig.now()));
            assertThat(carol.take()).containsExactly(Problem.NAME_BANNED.event(rig.now(), "BOB"));
        }

        @Test
        void anAddressBanRemovesEverySessionItCatchesNamedOrNot() {
            User alice = rig.operator("alice");
            User bob = rig.connect("198.51.100.7:40001");
            bob.type("bob");
            User waiting = rig.connect("198.51.100.200:40002");
            User carol = rig.connect("198.51.101.1:40003");
            carol.type("carol");
            rig.drainAll();

            alice.type("/ban 198.51.100.0/24");

            assertThat(bob.peer.isClosed()).isTrue();
            assertThat(waiting.peer.isClosed()).isTrue();
            assertThat(carol.peer.isClosed()).isFalse();
            assertThat(alice.take()).containsExactly(
                    new Event.Banned(rig.now(), "lobby", "bob", "alice", null, "", 0, false),
                    new Event.Banned(rig.now(), null, "198.51.100.0/24", "alice", null, "", 2, false));
        }

        @Test
        void whatWouldBanTheOperatorOrTooManyIsRefused() {
            User alice = rig.operator("alice");
            String own = alice.peer.inetAddress().getHostAddress();

            alice.type("/ban " + own);
            alice.type("/ban 10.0.0.0/8");
            alice.type("/ban 10.0.0.0/7");
            alice.type("/ban 2001:db8::/31");

            Instant now = rig.now();
            assertThat(alice.take()).containsExactly(
                    Problem.BAN_SELF.event(now, own),
                    Problem.BAN_SELF.event(now, own),
                    Problem.BAN_TOO_WIDE.event(now),
                    Problem.BAN_TOO_WIDE.event(now));
            assertThat(rig.bans.active(now)).isEmpty();
        }

        @Test
        void aUserOnTheOperatorsOwnAddressIsNotBannedByName() {
            User alice = rig.operator("alice");
            User neighbour = rig.connect(alice.peer.inetAddress().getHostAddress() + ":50001");
            neighbour.type("bob");
            rig.drainAll();

            alice.type("/ban bob");

            assertThat(alice.take()).containsExactly(
                    Problem.BAN_SELF.event(rig.now(), alice.peer.inetAddress().getHostAddress()));
            assertThat(neighbour.peer.isClosed()).isFalse();
        }

        @Test
        void anOperatorCannotBeBannedNorAnInvalidAddress() {
            User alice = rig.operator("alice");
            rig.operator("carol");

            alice.type("/ban carol");
            alice.type("/ban 10.0.0.0/33");
            alice.type("/unban 300.1.1.1");

            assertThat(alice.take()).containsExactly(
                    Problem.CANNOT_TARGET_OPERATOR.event(rig.now(), "carol"),
                    Problem.INVALID_ADDRESS.event(rig.now(), "10.0.0.0/33"),
                    Problem.INVALID_ADDRESS.event(rig.now(), "300.1.1.1"));
        }

        @Test
        void unbanLiftsTheBanAndSavesTheList() {
            User alice = rig.operator("alice");
            alice.type("/ban bob");
            alice.type("/ban 198.51.100.0/24 7d");
            alice.take();

            alice.type("/unban BOB");
            alice.type("/unban 198.51.100.0/24");
            alice.type("/unban bob");

            assertThat(alice.take()).containsExactly(
                    new Event.Unbanned(rig.now(), "BOB", "alice"),
                    new Event.Unbanned(rig.now(), "198.51.100.0/24", "alice"),
                    Problem.NOT_BANNED.event(rig.now(), "bob"));
            assertThat(rig.bans.active(rig.now())).isEmpty();
            assertThat(rig.saved.bans).last().isEqualTo(List.of());
        }

        @Test
        void bansArePagedAsWhoIs() {
            User alice = rig.operator("alice");
            for (int i = 0; i < TextCodec.PAGE_SIZE + 5; i++) {
                alice.type("/ban name" + i + " spam");
            }
            alice.take();
            alice.peer.takeCharged();

            alice.type("/bans 2");

            List<Event> answer = alice.take();
            assertThat(answer).hasSize(1).first().isInstanceOfSatisfying(Event.Bans.class, bans -> {
                assertThat(bans.count()).isEqualTo(TextCodec.PAGE_SIZE + 5);
                assertThat(bans.page()).isEqualTo(2);
                assertThat(bans.pages()).isEqualTo(2);
                assertThat(bans.bans()).containsExactly(
                        new Event.BanEntry("name100", "alice", rig.now(), null, "spam"),
                        new Event.BanEntry("name101", "alice", rig.now(), null, "spam"),
                        new Event.BanEntry("name102", "alice", rig.now(), null, "spam"),
                        new Event.BanEntry("name103", "alice", rig.now(), null, "spam"),
                        new Event.BanEntry("name104", "alice", rig.now(), null, "spam"));
            });
            assertThat(alice.peer.takeCharged()).isEqualTo(Chat.PAGE_COST);
        }

        @Test
        void aBanRunsOut() {
            User alice = rig.operator("alice");
            alice.type("/ban bob 10m");

            rig.advance(Duration.ofMinutes(10));
            User bob = rig.connect();
            bob.type("bob");

            assertThat(bob.name()).isEqualTo("bob");
        }

        @Test
        void aReloadReplacesTheBansAndRemovesWhoTheyNowCatch() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User carol = rig.login("carol");

            rig.chat.reloaded(null, List.of(new Ban(7, "bob", null, "dave", rig.now(), null, "")));

            assertThat(bob.take()).containsExactly(new Event.Banned(rig.now(), "lobby", "bob", "dave", null, "", 0, true));
            assertThat(carol.take()).containsExactly(
                    new Event.Banned(rig.now(), "lobby", "bob", "dave", null, "", 0, false));
            assertThat(alice.session.isOperator()).isTrue();
            assertThat(rig.saved.bans).as("a reload came from the file: nothing to save").isEmpty();
        }
    }

    @Nested
    class Mutes {

        @Test
        void aMutedUsersLinesGoNowhereAndTheyAreToldOnceIn30Seconds() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User carol = rig.login("carol");

            alice.type("/mute bob 5m");

            Instant until = rig.now().plus(Duration.ofMinutes(5));
            assertThat(bob.take()).containsExactly(new Event.Muted(rig.now(), "lobby", "bob", "alice", until, true));
            assertThat(carol.take()).containsExactly(new Event.Muted(rig.now(), "lobby", "bob", "alice", until, false));
            assertThat(alice.take()).containsExactly(new Event.Muted(rig.now(), "lobby", "bob", "alice", until, false));

            bob.type("hello?");
            bob.type("/me waves");
            bob.type("/msg carol psst");
            rig.advance(Duration.ofSeconds(29));
            bob.type("still there?");

            assertThat(carol.take()).isEmpty();
            assertThat(bob.take()).containsExactly(
                    Problem.MUTED.event(until.minus(Duration.ofMinutes(5)), Durations.describe(Duration.ofMinutes(5))));

            rig.advance(Duration.ofSeconds(1));
            bob.type("and now?");
            assertThat(bob.take()).containsExactly(
                    Problem.MUTED.event(rig.now(), Durations.describe(Duration.between(rig.now(), until))));
        }

        @Test
        void aMutedUserMayStillWriteToAnOperator() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            alice.type("/mute bob");
            rig.drainAll();

            bob.type("/msg alice please unmute me");

            assertThat(alice.take()).containsExactly(
                    new Event.Private(rig.now(), "bob", "alice", "please unmute me", false));
        }

        @Test
        void unmuteLetsThemSpeakAgain() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User carol = rig.login("carol");
            alice.type("/mute bob");
            rig.drainAll();

            alice.type("/unmute bob");
            bob.type("thanks");

            assertThat(carol.take()).containsExactly(
                    new Event.Unmuted(rig.now(), "lobby", "bob", "alice", false),
                    new Event.Said(rig.now(), carol.peer.events().stream().filter(Event.Said.class::isInstance)
                            .map(e -> ((Event.Said) e).id()).findFirst().orElseThrow(), "lobby", "bob", "thanks",
                            false));
            assertThat(bob.take()).startsWith(new Event.Unmuted(rig.now(), "lobby", "bob", "alice", true));
            assertThat(rig.scheduler.pending()).as("the mute's timer is cancelled").isZero();
        }

        @Test
        void unmutingSomeoneWhoIsNotMutedIsAnErrorAndTheRoomHearsNothing() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User carol = rig.login("carol");
            rig.drainAll();

            alice.type("/unmute bob");

            assertThat(alice.take()).containsExactly(Problem.NOT_MUTED.event(rig.now(), "bob"));
            assertThat(carol.take()).isEmpty();
            assertThat(bob.take()).isEmpty();
        }

        @Test
        void aMuteRunsOutByItselfAndTheRoomIsTold() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            alice.type("/mute bob");
            rig.drainAll();

            rig.advance(Durations.DEFAULT_MUTE);

            assertThat(alice.take()).containsExactly(new Event.Unmuted(rig.now(), "lobby", "bob", null, false));
            assertThat(bob.take()).containsExactly(new Event.Unmuted(rig.now(), "lobby", "bob", null, true));
        }

        @Test
        void aMuteOutlivesAReconnectAndFollowsARename() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            alice.type("/mute bob");
            bob.type("/quit");
            User again = rig.login("bob");
            User carol = rig.login("carol");

            again.type("/nick robert");
            carol.take();
            again.type("hello");

            assertThat(carol.take()).isEmpty();
        }

        @Test
        void aMutedUsersQuitReasonGoesNowhereEither() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            User carol = rig.login("carol");
            alice.type("/mute bob");
            rig.drainAll();

            bob.type("/quit what the mute was meant to stop");

            assertThat(carol.take()).containsExactly(new Event.Left(rig.now(), "lobby", "bob", "quit"));
        }

        @Test
        void anOperatorCannotBeMuted() {
            User alice = rig.operator("alice");
            rig.operator("carol");

            alice.type("/mute carol");

            assertThat(alice.take()).containsExactly(Problem.CANNOT_TARGET_OPERATOR.event(rig.now(), "carol"));
        }
    }

    @Nested
    class Topics {

        @Test
        void anOperatorSetsATopicTheRoomSeesAndNewcomersGetAfterEntering() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");

            alice.type("/topic lobby release on Friday");

            Event changed = new Event.Topic(rig.now(), "lobby", "release on Friday", "alice", true);
            assertThat(bob.take()).containsExactly(changed);
            assertThat(alice.take()).containsExactly(changed);

            User carol = rig.connect();
            carol.type("carol");
            List<Event> entering = carol.take();
            Event topic = new Event.Topic(rig.now(), "lobby", "release on Friday", "alice", false);
            assertThat(entering).containsSubsequence(
                    new Event.Entered(rig.now(), "lobby", 3, List.of("alice", "bob", "carol")), topic);
            assertThat(entering.get(entering.indexOf(topic) + 1)).isInstanceOf(Event.HistoryStart.class);
        }

        @Test
        void anyoneMayReadATopic() {
            User alice = rig.operator("alice");
            alice.type("/topic lobby hello");
            User bob = rig.login("bob");

            bob.type("/topic lobby");
            bob.type("/topic nowhere");

            assertThat(bob.take()).containsExactly(
                    new Event.Topic(rig.now(), "lobby", "hello", "alice", false),
                    Problem.NO_SUCH_ROOM.event(rig.now(), "nowhere"));
        }

        @Test
        void clearingATopicAndTheLimit() {
            User alice = rig.operator("alice");
            alice.type("/topic lobby hello");
            alice.take();

            alice.type("/topic lobby -");
            alice.type("/topic lobby");
            alice.type("/topic lobby " + "x".repeat(Moderation.MAX_TOPIC + 1));

            assertThat(alice.take()).containsExactly(
                    new Event.Topic(rig.now(), "lobby", "", "alice", true),
                    new Event.Topic(rig.now(), "lobby", "", null, false),
                    Problem.TOPIC_TOO_LONG.count(rig.now(), Moderation.MAX_TOPIC));
        }

        @Test
        void aTopicIsMeasuredInCharactersAsAReaderCountsThemNotInUtf16Units() {
            User alice = rig.operator("alice");
            String emoji = "\uD83C\uDF89".repeat(Moderation.MAX_TOPIC);

            alice.type("/topic lobby " + emoji);

            assertThat(alice.take()).containsExactly(new Event.Topic(rig.now(), "lobby", emoji, "alice", true));
        }

        @Test
        void anOperatorElsewhereIsToldTheTopicIsSet() {
            User alice = rig.operator("alice");
            User bob = rig.login("bob");
            bob.type("/join dev");
            rig.drainAll();

            alice.type("/topic dev builds are green");

            Event changed = new Event.Topic(rig.now(), "dev", "builds are green", "alice", true);
            assertThat(alice.take()).containsExactly(changed);
            assertThat(bob.take()).containsExactly(changed);
        }
    }
}
