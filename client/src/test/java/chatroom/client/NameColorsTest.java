package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameColorsTest {

    @Test
    void fnv1aMatchesTheReferenceValues() {
        // From the FNV reference test suite (32-bit FNV-1a).
        assertThat(NameColors.fnv1a("")).isEqualTo(0x811c9dc5);
        assertThat(NameColors.fnv1a("a")).isEqualTo(0xe40c292c);
        assertThat(NameColors.fnv1a("foobar")).isEqualTo(0xbf9cf968);
    }

    @Test
    void theColourOfANameIsFixedForEveryClientAndRun() {
        // Pinned: changing these changes what every user sees for everyone else.
        assertThat(NameColors.of("alice")).isEqualTo(178);
        assertThat(NameColors.of("bob")).isEqualTo(99);
    }

    @Test
    void caseDoesNotChangeTheColour() {
        assertThat(NameColors.of("Alice")).isEqualTo(NameColors.of("alice")).isEqualTo(NameColors.of("ALICE"));
    }

    @Test
    void namesSpreadOverThePalette() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            used.add(NameColors.of("user" + i));
        }
        assertThat(used).containsExactlyInAnyOrder(Arrays.stream(NameColors.PALETTE).boxed().toArray(Integer[]::new));
    }
}
