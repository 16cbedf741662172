package chatroom.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TlsWarmUpTest {

    @Test
    void doesFullHandshakesWithTheServersOwnEngines() throws Exception {
        TlsContext server = TlsContext.of(SelfSignedCertificate.generate());

        assertThat(TlsWarmUp.run(server, 3, Duration.ofMinutes(1))).isEqualTo(3);
    }

    @Test
    void stopsAtItsTimeLimit() throws Exception {
        TlsContext server = TlsContext.of(SelfSignedCertificate.generate());

        assertThat(TlsWarmUp.run(server, 1_000, Duration.ZERO)).isZero();
    }
}
