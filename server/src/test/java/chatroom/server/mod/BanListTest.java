package chatroom.server.mod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.server.limit.AddressKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BanListTest {

    static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

    private final BanList bans = new BanList(List.of());

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code ::ffff:a.b.c.d} kept in its IPv6 form (getByName would hand back the IPv4 address). */
    static InetAddress mapped(int a, int b, int c, int d) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Ban block(String block, Duration duration) {
        return new Ban(0, null, block, "alice", NOW, duration == null ? null : NOW.plus(duration), "");
    }

    static Ban name(String name) {
        return new Ban(0, name, null, "alice", NOW, null, "spam");
    }

    @Nested
    class Blocks {

        @ParameterizedTest
        @CsvSource({
            "203.0.113.0/24, 203.0.113.255, true",
            "203.0.113.0/24, 203.0.114.0, false",
            "203.0.113.7, 203.0.113.7, true",
            "203.0.113.7, 203.0.113.8, false",
            "10.0.0.0/8, 10.255.1.2, true",
            "10.128.0.0/9, 10.127.255.255, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8:0:1::/64, 2001:db8:0:1:ffff::1, true",
            "2001:db8::1/128, 2001:db8::2, false",
            "203.0.113.0/24, ::ffff:203.0.113.9, true",
            "2001:db8::/32, 203.0.113.9, false",
        })
        void containsWhatItsPrefixCovers(String block, String address, boolean inside) {
            assertThat(AddressBlock.parse(block).contains(ip(address))).isEqualTo(inside);
        }

        @Test
        void anIpv4MappedAddressIsMatchedAsItsIpv4Address() {
            assertThat(AddressBlock.parse("203.0.113.0/24").contains(mapped(203, 0, 113, 9))).isTrue();
        }

        @Test
        void theUnitOfAnAddressIsItsIpv4AddressOrItsIpv6Slash64() {
            assertThat(AddressBlock.unitOf(ip("203.0.113.7"))).hasToString("203.0.113.7");
            assertThat(AddressBlock.unitOf(mapped(203, 0, 113, 7))).hasToString("203.0.113.7");
            assertThat(AddressBlock.unitOf(ip("2001:db8:0:1:aa::1"))).hasToString("2001:db8:0:1::/64");
        }

        @Test
        void onlyUnitsHaveAKey() {
            assertThat(AddressBlock.parse("203.0.113.7").key()).isEqualTo(AddressKey.of(ip("203.0.113.7")));
            assertThat(AddressBlock.parse("2001:db8::/64").key()).isEqualTo(AddressKey.of(ip("2001:db8::5")));
            assertThat(AddressBlock.parse("203.0.113.0/24").key()).isNull();
            assertThat(AddressBlock.parse("2001:db8::1/128").key()).isNull();
        }

        @Test
        void aBlockWiderThanSlash8OrSlash32IsTooWide() {
            assertThat(AddressBlock.parse("10.0.0.0/8").tooWide()).isFalse();
            assertThat(AddressBlock.parse("10.0.0.0/7").tooWide()).isTrue();
            assertThat(AddressBlock.parse("2001:db8::/32").tooWide()).isFalse();
            assertThat(AddressBlock.parse("2001::/31").tooWide()).isTrue();
        }

        @Test
        void whatIsNotABlockParsesToNull() {
            assertThat(AddressBlock.parse("10.0.0.0/33")).isNull();
            assertThat(AddressBlock.parse("example.com")).isNull();
        }
    }

    @Nested
    class Addresses {

        @Test
        void anExactAddressBanKeepsThatAddressOut() {
            Ban ban = bans.add(block("203.0.113.7", null));

            assertThat(bans.addressBan(ip("203.0.113.7"), NOW)).isEqualTo(ban);
            assertThat(bans.addressBan(mapped(203, 0, 113, 7), NOW)).isEqualTo(ban);
            assertThat(bans.addressBan(ip("203.0.113.8"), NOW)).isNull();
        }

        @Test
        void anIpv6BanCoversTheWholeSlash64() {
            bans.add(block("2001:db8:0:1::/64", null));

            assertThat(bans.addressBan(ip("2001:db8:0:1:dead:beef::1"), NOW)).isNotNull();
            assertThat(bans.addressBan(ip("2001:db8:0:2::1"), NOW)).isNull();
        }

        @Test
        void widerAndNarrowerBlocksAreFoundToo() {
            Ban wide = bans.add(block("198.51.100.0/24", null));
            Ban narrow = bans.add(block("2001:db8::1/128", null));

            assertThat(bans.addressBan(ip("198.51.100.200"), NOW)).isEqualTo(wide);
            assertThat(bans.addressBan(ip("2001:db8::1"), NOW)).isEqualTo(narrow);
            assertThat(bans.addressBan(ip("2001:db8::2"), NOW)).isNull();
        }

        /**
         * A blocklist pasted into bans.tsv: every accept and every stranger's UDP datagram is
         * checked against it, so a lookup must not walk the blocks one by one (20,000 /24s made
         * the loop read 2,500 datagrams a second instead of 70,000).
         */
        @Test
        void thousandsOfBlocksAreFoundByPrefixAndLiftedOneByOne() {
            List<Ban> many = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                many.add(new Ban(i + 1, null, "20." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".0/24", "alice", NOW, null,
                        ""));
            }
            many.add(new Ban(20_001, null, "2001:db8:1::/48", "alice", NOW, null, ""));
            many.add(new Ban(20_002, null, "203.0.113.64/27", "alice", NOW, null, ""));
            bans.replace(many);

            assertThat(bans.addressBan(ip("20.70.32.9"), NOW).id()).isEqualTo((70 << 8 | 32) + 1);
            assertThat(bans.addressBan(mapped(20, 0, 7, 1), NOW).id()).isEqualTo(8);
            assertThat(bans.addressBan(ip("2001:db8:1:ffff::1"), NOW).id()).isEqualTo(20_001);
            assertThat(bans.addressBan(ip("203.0.113.95"), NOW).id()).isEqualTo(20_002);
            assertThat(bans.addressBan(ip("203.0.113.96"), NOW)).isNull();
            assertThat(bans.addressBan(ip("21.0.0.1"), NOW)).isNull();

            bans.remove(null, "20.70.32.0/24");
            assertThat(bans.addressBan(ip("20.70.32.9"), NOW)).isNull();
            assertThat(bans.addressBan(ip("20.70.33.9"), NOW)).isNotNull();

            long start = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                bans.addressBan(ip("21.0.0.1"), NOW);
            }
            // Block by block this took seconds; by prefix it is a few milliseconds.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Nested
    class Names {

        @Test
        void aNameIsBannedWhateverItsCase() {
            Ban ban = bans.add(name("Bob"));

            assertThat(bans.nameBan(chatroom.protocol.Names.key("bOB"), NOW)).isEqualTo(ban);
            assertThat(bans.nameBan(chatroom.protocol.Names.key("bobby"), NOW)).isNull();
        }

        @Test
        void aNameAndAddressBanHoldsForBothAndIsLiftedByEither() {
            Ban both = bans.add(new Ban(0, "bob", "203.0.113.7", "alice", NOW, null, ""));

            assertThat(bans.nameBan("bob", NOW)).isEqualTo(both);
            assertThat(bans.addressBan(ip("203.0.113.7"), NOW)).isEqualTo(both);

            assertThat(bans.remove(null, "203.0.113.7")).containsExactly(both);
            assertThat(bans.nameBan("bob", NOW)).isNull();
            assertThat(bans.active(NOW)).isEmpty();
        }
    }

    @Nested
    class Expiry {

        @Test
        void aBanHoldsUntilItsEndAndNotAfter() {
            bans.add(block("203.0.113.7", Duration.ofMinutes(10)));
            bans.add(block("198.51.100.0/24", Duration.ofMinutes(10)));
            Instant end = NOW.plus(Duration.ofMinutes(10));

            assertThat(bans.addressBan(ip("203.0.113.7"), end.minusNanos(1))).isNotNull();
            assertThat(bans.addressBan(ip("203.0.113.7"), end)).isNull();
            assertThat(bans.addressBan(ip("198.51.100.1"), end)).isNull();
        }

        @Test
        void expiredBansAreDroppedFromTheList() {
            Ban lasting = bans.add(name("bob"));
            bans.add(block("203.0.113.7", Duration.ofMinutes(10)));

            assertThat(bans.active(NOW.plus(Duration.ofHours(1)))).containsExactly(lasting);
        }

        @Test
        void expiredBansAreDroppedWhenABanIsAdded() {
            bans.add(block("203.0.113.7", Duration.ofMinutes(10)));
            Ban later = bans.add(new Ban(0, "bob", null, "alice", NOW.plus(Duration.ofHours(1)), null, ""));

            assertThat(bans.active(NOW)).containsExactly(later);
        }
    }

    @Nested
    class Ids {

        @Test
        void addGivesIdsInOrderAndNeverReusesOne() {
            Ban first = bans.add(name("bob"));
            Ban second = bans.add(name("carol"));
            bans.remove("carol", null);
            Ban third = bans.add(name("dave"));

            assertThat(List.of(first.id(), second.id(), third.id())).containsExactly(1L, 2L, 3L);
        }

        @Test
        void idsContinueAfterTheHighestLoaded() {
            BanList loaded = new BanList(List.of(new Ban(41, "bob", null, "alice", NOW, null, "")));

            assertThat(loaded.add(name("carol")).id()).isEqualTo(42);
        }

        @Test
        void idsGivenBeforeAReloadAreNotGivenAgain() {
            bans.add(name("bob"));
            bans.add(name("carol"));
            bans.replace(List.of());

            assertThat(bans.add(name("dave")).id()).isEqualTo(3);
        }

        @Test
        void aSecondBanOnTheSameTargetReplacesTheFirst() {
            bans.add(block("203.0.113.7", null));
            Ban again = bans.add(block("203.0.113.7", Duration.ofHours(1)));

            assertThat(bans.active(NOW)).containsExactly(again);
        }

        @Test
        void aBanOfOnePartOfANameAndAddressBanLeavesTheOtherPartBanned() {
            Ban both = bans.add(new Ban(0, "bob", "203.0.113.7", "alice", NOW, null, "spam"));
            bans.add(block("203.0.113.7", Duration.ofHours(1)));

            assertThat(bans.nameBan("bob", NOW)).as("the name stays banned, as before")
                    .isEqualTo(new Ban(both.id(), "bob", null, "alice", NOW, null, "spam"));
            assertThat(bans.addressBan(ip("203.0.113.7"), NOW).until()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void aBadBlockIsRefusedAndChangesNothing() {
        Ban kept = bans.add(name("bob"));

        assertThatThrownBy(() -> bans.add(block("10.0.0.0/33", null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bans.replace(List.of(block("nonsense.", null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(bans.active(NOW)).containsExactly(kept);
    }

    @Test
    void aReloadReplacesEveryBan() {
        bans.add(name("bob"));
        Ban loaded = new Ban(9, null, "198.51.100.0/24", "carol", NOW, null, "");

        bans.replace(List.of(loaded));

        assertThat(bans.nameBan("bob", NOW)).isNull();
        assertThat(bans.addressBan(ip("198.51.100.3"), NOW)).isEqualTo(loaded);
    }
}
