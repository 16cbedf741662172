package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(NameColors.css("alice")).isEqualTo("#d7af00");
        assertThat(NameColors.css("bob")).isEqualTo("#875fff");
    }

    @Test
    void caseDoesNotChangeTheColour() {
        assertThat(NameColors.of("Alice")).isEqualTo(NameColors.of("alice")).isEqualTo(NameColors.of("ALICE"));
    }

    @Test
    void namesSpreadOverThePalette() {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            used.add(NameColors.css("user" + i));
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(NameColors.cssPalette());
    }

    @Test
    void theCubeRunsFromBlackToWhiteInXtermSteps() {
        assertThat(NameColors.cube(16)).isEqualTo("#000000");
        assertThat(NameColors.cube(17)).isEqualTo("#00005f");
        assertThat(NameColors.cube(22)).isEqualTo("#005f00");
        assertThat(NameColors.cube(52)).isEqualTo("#5f0000");
        assertThat(NameColors.cube(231)).isEqualTo("#ffffff");
        assertThatThrownBy(() -> NameColors.cube(15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NameColors.cube(232)).isInstanceOf(IllegalArgumentException.class);
    }
}
