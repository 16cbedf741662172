package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressBlocksTest {

    /** The longest run of zero groups is compressed, the first of two as long (RFC 5952). */
    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "203.0.113.7/32, 203.0.113.7",
        "203.0.113.7/24, 203.0.113.0/24",
        "10.1.2.3/8, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "2001:db8::1, 2001:db8::/64",
        "2001:DB8:0:0:1::/48, 2001:db8::/48",
        "2001:db8:1:2:3:4:5:6/128, 2001:db8:1:2:3:4:5:6/128",
        "2001:0:0:1:0:0:0:1/128, 2001:0:0:1::1/128",
        "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
        "::ffff:203.0.113.7, 203.0.113.7",
        "::/0, ::/0",
    })
    void oneSpellingWithTheHostBitsCleared(String typed, String canonical) {
        assertThat(AddressBlocks.canonical(typed)).isEqualTo(canonical);
    }

    /** Never a DNS lookup: a host name is no address, even one that resolves. */
    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "bob", "10", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
        "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "2001:db8::/129", "2001:db8:::1", "fe80::1%eth0",
        "1.2.3.4/08x", ""})
    void whatIsNoAddress(String typed) {
        assertThat(AddressBlocks.canonical(typed)).isNull();
    }

    @Test
    void aTargetIsAnAddressIfItHasADotOrAColon() {
        assertThat(AddressBlocks.looksLikeAddress("203.0.113.7")).isTrue();
        assertThat(AddressBlocks.looksLikeAddress("::1")).isTrue();
        assertThat(AddressBlocks.looksLikeAddress("example.com")).isTrue();
        assertThat(AddressBlocks.looksLikeAddress("bob")).isFalse();
        assertThat(AddressBlocks.looksLikeAddress("10")).isFalse();
    }

    @Test
    void anIpv4MappedAddressParsesAsItsIpv4() {
        assertThat(AddressBlocks.parse("::ffff:203.0.113.7")).containsExactly(203, 0, 113, 7);
        assertThat(AddressBlocks.parse("::1")).hasSize(16);
    }
}
