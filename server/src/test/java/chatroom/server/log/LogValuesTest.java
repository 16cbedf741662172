package chatroom.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogValuesTest {

    @Test
    void aValueCannotEndItsFieldOrForgeAnother() {
        String forged = LogValues.quoted("lunch\" name=admin addr=\"10.0.0.1");
        assertThat(forged).isEqualTo("\"lunch\\\" name=admin addr=\\\"10.0.0.1\"");
        assertThat(forged.substring(1, forged.length() - 1)).doesNotContain(" name=admin addr=\"");
    }

    @Test
    void backslashesAndControlsAreEscapedSoNoLineCanBeStarted() {
        assertThat(LogValues.quoted("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(LogValues.quoted("one\ntwo\r\u2028")).isEqualTo("\"one\\u000atwo\\u000d\\u2028\"");
        assertThat(LogValues.quoted("tab\there")).isEqualTo("\"tab\\u0009here\"");
    }

    @Test
    void plainTextAndNullStayReadable() {
        assertThat(LogValues.quoted("moved to dev")).isEqualTo("\"moved to dev\"");
        assertThat(LogValues.quoted("héllo ✓")).isEqualTo("\"héllo ✓\"");
        assertThat(LogValues.quoted(null)).isEqualTo("null");
    }

    /** A 4 KiB reason of tabs made a 24 KB log line, once a second from one address. */
    @Test
    void aLongValueIsCutSoOneLineStaysShort() {
        String tabs = "\t".repeat(4094);
        String quoted = LogValues.quoted(tabs);
        assertThat(quoted).isEqualTo("\"" + "\\u0009".repeat(LogValues.MAX_CHARS) + "...\"");
        assertThat(LogValues.quoted("x".repeat(LogValues.MAX_CHARS))).isEqualTo("\"" + "x".repeat(LogValues.MAX_CHARS) + "\"");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "a".repeat(LogValues.MAX_CHARS - 1) + "\uD83D\uDE00tail";
        assertThat(LogValues.quoted(emoji)).isEqualTo("\"" + "a".repeat(LogValues.MAX_CHARS - 1) + "...\"");
    }
}
