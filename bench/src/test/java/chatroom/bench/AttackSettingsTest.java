package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AttackSettingsTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5000);

    @Test
    void eachBadOptionIsNamed() {
        assertThatThrownBy(() -> new AttackSettings(null, SERVER, null, 100, 10, 1000, null))
                .hasMessageContaining("--kind must be one of stalled-readers, pinned-chunk");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, SERVER, null, AttackSettings.MIN_CLIENTS - 1, 10, 1000,
                null)).hasMessageContaining("--clients");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, SERVER, null, 100, 0, 1000, null))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, SERVER, null, 100, 10, 0, null))
                .hasMessageContaining("--connect-rate");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, InetSocketAddress.createUnresolved("nowhere.invalid",
                5000), null, 100, 10, 1000, null)).hasMessageContaining("--host");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.TLS_HANDSHAKES, SERVER, null, 100, 10, 1000, null))
                .hasMessageContaining("--tls-port and --tls-ca");
    }
}
