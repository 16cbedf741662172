package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chatroom.protocol.Problem;
import chatroom.server.mod.AddressBans;
import chatroom.server.limit.AddressKey;
import chatroom.server.mod.Ban;
import chatroom.server.net.AddressLimiter.Verdict;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** The per-address book-keeping, without sockets: the time is passed in, so nothing sleeps. */
class AddressLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    /** Any start: the limiter must not care where nanoTime is. */
    private static final long T0 = Long.MAX_VALUE - 5 * SECOND;

    private static SocketAddress at(String address) {
        return new InetSocketAddress(ip(address), 40_000);
    }

    private static InetAddress ip(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A limiter with no bans. */
    private static AddressLimiter limiter(ServerConfig.AddressLimits limits) {
        return new AddressLimiter(limits, AddressBans.NONE, Clock.systemUTC());
    }

    private static ServerConfig.AddressLimits limits(int maxConnections, double connectRate, int connectBurst) {
        return new ServerConfig.AddressLimits(maxConnections, connectRate, connectBurst);
    }

    @Nested
    class TheAddressKey {

        @ParameterizedTest
        @CsvSource({
            "203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
            "2001:db8:1:2::, 2001:db8:1:2::/64",
            "::1, 0:0:0:0::/64",
            "fe80::1, fe80:0:0:0::/64",
        })
        void isTheIpv4AddressOrTheIpv6Slash64(String address, String key) {
            assertThat(AddressKey.of(ip(address))).hasToString(key);
        }

        @Test
        void hostsOfOneIpv6Slash64ShareAKeyAndAnotherSlash64DoesNot() {
            assertThat(AddressKey.of(ip("2001:db8:aa:bb:1::1"))).isEqualTo(AddressKey.of(ip("2001:db8:aa:bb:ffff:ffff:ffff:ffff")));
            assertThat(AddressKey.of(ip("2001:db8:aa:bb::1"))).isNotEqualTo(AddressKey.of(ip("2001:db8:aa:bc::1")));
        }

        @Test
        void anIpv4MappedIpv6AddressIsItsIpv4Address() throws Exception {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            mapped[12] = (byte) 203;
            mapped[13] = 0;
            mapped[14] = 113;
            mapped[15] = 7;
            // InetAddress.getByAddress would hand back an Inet4Address; this keeps the IPv6 form.
            Inet6Address v6 = Inet6Address.getByAddress(null, mapped, -1);
            assertThat(AddressKey.of(v6)).isEqualTo(AddressKey.of(ip("203.0.113.7")));
            assertThat(AddressKey.of(v6)).hasToString("203.0.113.7");
        }

        @Test
        void ipv4AddressesAreNeverMistakenForAnIpv6Network() {
            // Both are zero bits (0.0.0.0, and the /64 of ::1): still two different keys.
            assertThat(AddressKey.of(ip("0.0.0.0"))).isNotEqualTo(AddressKey.of(ip("::1")));
        }

        @Test
        void aSocketAddressWithoutAnIpAddressHasNone() {
            assertThat(AddressKey.of(UnixDomainSocketAddress.of("/tmp/chatroom.sock"))).isNull();
        }
    }

    @Nested
    class Connections {

        private final AddressLimiter limiter = limiter(limits(3, 1e9, 1000));

        @Test
        void anAddressMayHoldMaxConnectionsAndNoMore() {
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.ADMITTED);
            }
            assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.TOO_MANY_CONNECTIONS);
            assertThat(limiter.admit(at("203.0.113.8"), T0)).as("another address").isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.open(ip("203.0.113.7"))).isEqualTo(3);
        }

        @Test
        void aClosedConnectionFreesItsSlot() {
            for (int i = 0; i < 3; i++) {
                limiter.admit(at("203.0.113.7"), T0);
            }
            limiter.released(at("203.0.113.7"), T0 + 1);
            assertThat(limiter.admit(at("203.0.113.7"), T0 + 2)).isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.admit(at("203.0.113.7"), T0 + 3)).isEqualTo(Verdict.TOO_MANY_CONNECTIONS);
        }

        @Test
        void theHostsOfOneIpv6Slash64ShareTheLimit() {
            assertThat(limiter.admit(at("2001:db8:0:7::1"), T0)).isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.admit(at("2001:db8:0:7::2"), T0)).isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.admit(at("2001:db8:0:7:dead:beef:0:3"), T0)).isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.admit(at("2001:db8:0:7::4"), T0)).isEqualTo(Verdict.TOO_MANY_CONNECTIONS);
            assertThat(limiter.admit(at("2001:db8:0:8::1"), T0)).as("the next /64").isEqualTo(Verdict.ADMITTED);
        }

        @Test
        void anAddressThatIsNotAnIpAddressIsNotLimited() {
            for (int i = 0; i < 10; i++) {
                assertThat(limiter.admit(UnixDomainSocketAddress.of("/tmp/chatroom.sock"), T0))
                        .isEqualTo(Verdict.ADMITTED);
            }
            assertThat(limiter.addresses()).isZero();
        }
    }

    @Nested
    class ConnectRate {

        /** Two new connections a second, five at once. */
        private final AddressLimiter limiter = limiter(limits(100, 2, 5));

        @Test
        void aBurstBeyondTheLimitIsRefusedAndTheRefillAdmitsAgain() {
            for (int i = 0; i < 5; i++) {
                assertThat(limiter.admit(at("198.51.100.1"), T0)).isEqualTo(Verdict.ADMITTED);
            }
            assertThat(limiter.admit(at("198.51.100.1"), T0)).isEqualTo(Verdict.CONNECTING_TOO_FAST);
            assertThat(limiter.admit(at("198.51.100.1"), T0 + SECOND / 2 - 1)).isEqualTo(Verdict.CONNECTING_TOO_FAST);
            assertThat(limiter.admit(at("198.51.100.1"), T0 + SECOND / 2)).isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.admit(at("198.51.100.1"), T0 + SECOND / 2)).isEqualTo(Verdict.CONNECTING_TOO_FAST);
        }

        @Test
        void closingWhatWasOpenedGivesNoFreshBurst() {
            for (int i = 0; i < 5; i++) {
                limiter.admit(at("198.51.100.1"), T0);
            }
            for (int i = 0; i < 5; i++) {
                limiter.released(at("198.51.100.1"), T0 + 1);
            }
            assertThat(limiter.admit(at("198.51.100.1"), T0 + 2)).isEqualTo(Verdict.CONNECTING_TOO_FAST);
        }

        @Test
        void aRefusalForTooManySpendsNoToken() {
            AddressLimiter oneAtATime = limiter(limits(1, 1, 2));
            assertThat(oneAtATime.admit(at("198.51.100.1"), T0)).isEqualTo(Verdict.ADMITTED);
            for (int i = 0; i < 100; i++) {
                assertThat(oneAtATime.admit(at("198.51.100.1"), T0)).isEqualTo(Verdict.TOO_MANY_CONNECTIONS);
            }
            oneAtATime.released(at("198.51.100.1"), T0);
            assertThat(oneAtATime.admit(at("198.51.100.1"), T0)).as("the second token of the burst")
                    .isEqualTo(Verdict.ADMITTED);
        }

        @Test
        void eachAddressHasItsOwnBucket() {
            for (int i = 0; i < 5; i++) {
                limiter.admit(at("198.51.100.1"), T0);
            }
            assertThat(limiter.admit(at("198.51.100.2"), T0)).isEqualTo(Verdict.ADMITTED);
        }
    }

    @Nested
    class Memory {

        /** One new connection a second, ten at once: an emptied bucket is full again 10 s later. */
        private final AddressLimiter limiter = limiter(limits(10, 1, 10));

        @Test
        void anAddressIsForgottenWhenItsLastConnectionClosesWithItsBucketFull() {
            limiter.admit(at("203.0.113.7"), T0);
            limiter.released(at("203.0.113.7"), T0 + 60 * SECOND);
            assertThat(limiter.addresses()).isZero();
        }

        @Test
        void anAddressWhoseBucketIsRefillingIsRememberedUntilItIsFull() {
            limiter.admit(at("203.0.113.7"), T0);
            limiter.admit(at("203.0.113.7"), T0);
            limiter.released(at("203.0.113.7"), T0 + 1);
            assertThat(limiter.addresses()).as("still holds a connection").isEqualTo(1);
            limiter.released(at("203.0.113.7"), T0 + 2);
            assertThat(limiter.addresses()).as("no connection, but two tokens short").isEqualTo(1);

            limiter.admit(at("192.0.2.1"), T0 + 5 * SECOND); // any activity looks at what may be forgotten
            assertThat(limiter.addresses()).isEqualTo(2);
            limiter.released(at("192.0.2.1"), T0 + 16 * SECOND);
            assertThat(limiter.addresses()).as("both buckets are full").isZero();
        }

        @Test
        void anAddressThatCameBackBeforeBeingForgottenIsKept() {
            limiter.admit(at("203.0.113.7"), T0);
            limiter.released(at("203.0.113.7"), T0 + 1);
            limiter.admit(at("203.0.113.7"), T0 + 5 * SECOND);
            limiter.admit(at("192.0.2.1"), T0 + 11 * SECOND);
            assertThat(limiter.open(ip("203.0.113.7"))).isEqualTo(1);
            limiter.released(at("203.0.113.7"), T0 + 12 * SECOND);
            assertThat(limiter.addresses()).as("refilling since its second connect").isEqualTo(2);
            limiter.released(at("192.0.2.1"), T0 + 30 * SECOND);
            assertThat(limiter.addresses()).isZero();
        }

        @Test
        void tenThousandAddressesThatCameAndWentLeaveNothingBehind() {
            for (int i = 0; i < 10_000; i++) {
                SocketAddress address = at("2001:db8:" + Integer.toHexString(i) + "::1");
                limiter.admit(address, T0 + i);
                limiter.released(address, T0 + i + 1);
            }
            assertThat(limiter.addresses()).isEqualTo(10_000);
            limiter.admit(at("192.0.2.1"), T0 + 20 * SECOND);
            assertThat(limiter.addresses()).isEqualTo(1);
        }

        @Test
        void aReleaseWithoutAnAdmitChangesNothing() {
            limiter.released(at("203.0.113.7"), T0);
            limiter.admit(at("203.0.113.7"), T0);
            limiter.released(at("203.0.113.7"), T0);
            limiter.released(at("203.0.113.7"), T0);
            assertThat(limiter.open(ip("203.0.113.7"))).isZero();
        }
    }

    @Nested
    class Bans {

        private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
        private final Map<InetAddress, Ban> banned = new HashMap<>();
        /** Two new connections a second, five at once; the bans read at a fixed wall time. */
        private final AddressLimiter limiter = new AddressLimiter(limits(100, 2, 5),
                (address, now) -> banned.get(address), Clock.fixed(NOW, ZoneOffset.UTC));

        private void ban(String address, Instant until) {
            banned.put(ip(address), new Ban(1, null, address, "alice", NOW, until, ""));
        }

        @Test
        void aBannedAddressIsRefusedBeforeAnyLimitAndNothingOfItIsOpen() {
            ban("203.0.113.7", null);
            assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.BANNED);
            assertThat(limiter.open(ip("203.0.113.7"))).isZero();
            assertThat(limiter.admit(at("203.0.113.8"), T0)).as("another address").isEqualTo(Verdict.ADMITTED);
        }

        @Test
        void aBannedAddressIsToldAtItsConnectRateAndClosedWithoutAWordBeyond() {
            ban("203.0.113.7", null);
            for (int i = 0; i < 5; i++) {
                assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.BANNED);
            }
            assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.BANNED_QUIET);
            assertThat(limiter.admit(at("203.0.113.7"), T0 + SECOND / 2)).isEqualTo(Verdict.BANNED);
            assertThat(limiter.admit(at("203.0.113.7"), T0 + SECOND / 2)).isEqualTo(Verdict.BANNED_QUIET);
        }

        @Test
        void aLiftedBanAdmitsAgainWithWhatIsLeftOfTheBucket() {
            ban("203.0.113.7", null);
            for (int i = 0; i < 4; i++) {
                limiter.admit(at("203.0.113.7"), T0);
            }
            banned.clear();
            assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.ADMITTED);
            assertThat(limiter.admit(at("203.0.113.7"), T0)).isEqualTo(Verdict.CONNECTING_TOO_FAST);
        }

        @Test
        void aBannedAddressIsForgottenOnceItsBucketIsFullAgain() {
            ban("203.0.113.7", null);
            for (int i = 0; i < 100; i++) {
                limiter.admit(at("203.0.113.7"), T0 + i);
            }
            assertThat(limiter.addresses()).isEqualTo(1);
            limiter.released(at("192.0.2.1"), T0 + 4 * SECOND); // any activity looks at what may be forgotten
            assertThat(limiter.addresses()).as("five tokens at two a second: full after 2.5 s").isZero();
        }

        @Test
        void askingWhetherAnAddressIsBannedRemembersNothing() {
            ban("203.0.113.7", null);
            assertThat(limiter.banned(at("203.0.113.7"))).isTrue();
            assertThat(limiter.banned(at("203.0.113.8"))).isFalse();
            assertThat(limiter.addresses()).isZero();
        }

        @Test
        void theRefusalSaysUntilWhenRoundedUpToTheMinuteOrNothingForABanUntilLifted() {
            ban("203.0.113.7", Instant.parse("2026-12-02T09:00:30Z"));
            ban("203.0.113.8", Instant.parse("2026-12-02T09:00:00Z"));
            ban("203.0.113.9", null);
            assertThat(limiter.refusal(Verdict.BANNED, at("203.0.113.7")))
                    .isEqualTo(Problem.BANNED.event(NOW, " until 2026-12-02 09:01 UTC"));
            assertThat(limiter.refusal(Verdict.BANNED, at("203.0.113.8")))
                    .isEqualTo(Problem.BANNED.event(NOW, " until 2026-12-02 09:00 UTC"));
            assertThat(limiter.refusal(Verdict.BANNED, at("203.0.113.9"))).isEqualTo(Problem.BANNED.event(NOW, ""));
            assertThat(limiter.refusal(Verdict.BANNED_QUIET, at("203.0.113.9"))).isNull();
        }
    }

    @Nested
    class TheLog {

        private final Logger logger = (Logger) LoggerFactory.getLogger(AddressLimiter.class);
        private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
        private Level level;
        private boolean additive;

        @BeforeEach
        void listen() {
            level = logger.getLevel();
            additive = logger.isAdditive();
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            lines.start();
            logger.addAppender(lines);
        }

        @AfterEach
        void stopListening() {
            logger.detachAppender(lines);
            logger.setLevel(level);
            logger.setAdditive(additive);
        }

        private List<String> logged() {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Test
        void aFloodOfRefusalsIsOneLineEveryTenSecondsWithACount() {
            AddressLimiter limiter = limiter(limits(1, 1e9, 1000));
            limiter.admit(at("203.0.113.7"), T0);
            for (int i = 0; i < 1000; i++) {
                limiter.admit(at("203.0.113.7"), T0 + i * (SECOND / 1000));
            }
            assertThat(logged()).containsExactly(
                    "event=reject_per_address addr=203.0.113.7 reason=too_many_connections open=1 refused=1");
            limiter.admit(at("203.0.113.7"), T0 + 10 * SECOND);
            assertThat(logged()).last().isEqualTo(
                    "event=reject_per_address addr=203.0.113.7 reason=too_many_connections open=1 refused=1000");
        }

        @Test
        void refusalsNotYetLoggedAreLoggedWhenTheAddressIsForgotten() {
            AddressLimiter limiter = limiter(limits(100, 1, 2));
            limiter.admit(at("2001:db8::1"), T0);
            limiter.admit(at("2001:db8::1"), T0);
            for (int i = 0; i < 3; i++) {
                limiter.admit(at("2001:db8::2"), T0 + i);
            }
            limiter.released(at("2001:db8::1"), T0 + 3);
            limiter.released(at("2001:db8::1"), T0 + 4);
            limiter.admit(at("192.0.2.1"), T0 + 3 * SECOND);
            assertThat(logged()).containsExactly(
                    "event=reject_per_address addr=2001:db8:0:0::/64 reason=connecting_too_fast open=2 refused=1",
                    "event=reject_per_address addr=2001:db8:0:0::/64 reason=connecting_too_fast open=0 refused=2");
        }
    }
}
