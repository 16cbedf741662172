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
}
