package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebSocketUpgradeTest {

    /** The worked example of RFC 6455 §1.3. */
    @Test
    void theRfcsSampleKeyGivesTheRfcsAcceptValue() {
        assertThat(WebSocketUpgrade.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
