package chatroom.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String stored = TestHashes.of("hunter2hunter2");

        assertThat(PasswordHash.verify(stored, "hunter2hunter2".toCharArray())).isTrue();
        assertThat(PasswordHash.verify(stored, "hunter2hunter3".toCharArray())).isFalse();
        assertThat(PasswordHash.verify(stored, "".toCharArray())).isFalse();
    }

    @Test
    void verifiesAHashMadeElsewhere() {
        // PBKDF2-HMAC-SHA256's published test vector (4096 iterations, 36-byte salt), written as
        // Python's hashlib.pbkdf2_hmac and base64 make it: another implementation agrees.
        String stored = "$pbkdf2-sha256$i=4096$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0"
                + "$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E";

        assertThat(PasswordHash.verify(stored, "passwordPASSWORDpassword".toCharArray())).isTrue();
    }

    @Test
    void theIterationCountIsReadFromTheStoredString() {
        String stored = TestHashes.of("hunter2hunter2");
        String otherCount = stored.replace("$i=1000$", "$i=1001$");

        assertThat(PasswordHash.verify(otherCount, "hunter2hunter2".toCharArray())).isFalse();
    }

    @Test
    void aHashHasTheDocumentedShapeAndAFreshSalt() {
        String first = TestHashes.of("hunter2hunter2");
        String second = TestHashes.of("hunter2hunter2");

        String[] parts = first.split("\\$");
        assertThat(parts).hasSize(5);
        assertThat(parts[1]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[2]).isEqualTo("i=" + TestHashes.ITERATIONS);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(PasswordHash.SALT_BYTES);
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(PasswordHash.HASH_BYTES);
        assertThat(parts[3] + parts[4]).as("no padding").doesNotContain("=");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void byDefaultTheCountIsTheFullOne() {
        String stored = PasswordHash.hash("hunter2hunter2".toCharArray());

        assertThat(stored).startsWith("$pbkdf2-sha256$i=" + PasswordHash.ITERATIONS + "$");
        assertThat(PasswordHash.verify(stored, "hunter2hunter2".toCharArray())).isTrue();
    }

    @Test
    void theSameTypedPasswordVerifiesHoweverItsAccentsWereEncoded() {
        String stored = TestHashes.of("caf\u00e9-au-lait");

        assertThat(PasswordHash.verify(stored, "cafe\u0301-au-lait".toCharArray())).isTrue();
    }

    @Test
    void theDummyIsAValidHashNoPasswordMatches() {
        PasswordHash.check(PasswordHash.dummy());

        assertThat(PasswordHash.verify(PasswordHash.dummy(), "hunter2hunter2".toCharArray())).isFalse();
        assertThat(PasswordHash.dummy()).isSameAs(PasswordHash.dummy());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "hunter2hunter2",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E",
        "$pbkdf2-sha256$i=many$c2FsdHNhbHRzYWx0c2FsdA$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E",
        "$pbkdf2-sha256$i=0$c2FsdHNhbHRzYWx0c2FsdA$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E",
        "$pbkdf2-sha256$i=2000000000$c2FsdHNhbHRzYWx0c2FsdA$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E",
        "$pbkdf2-sha256$i=1000$not*base64$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E",
        "$pbkdf2-sha256$i=1000$c2FsdA$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$NIyJ28vTKy8y2BS4",
    })
    void aMalformedStoredHashIsRefusedWithoutBeingRepeated(String stored) {
        assertThatThrownBy(() -> PasswordHash.verify(stored, "hunter2hunter2".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password hash")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("c2FsdHNh"));
        assertThatThrownBy(() -> PasswordHash.check(stored)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, PasswordHash.MAX_ITERATIONS + 1})
    void anIterationCountOutOfRangeIsRefusedForNewHashesToo(int iterations) {
        assertThatThrownBy(() -> PasswordHash.hash("hunter2hunter2".toCharArray(), iterations))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
