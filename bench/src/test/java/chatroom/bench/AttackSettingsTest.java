package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AttackSettingsTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5000);

    @Test
    void eachBadOptionIsNamed() {
        assertThatThrownBy(() -> new AttackSettings(null, SERVER, 100, 10, 1000, null))
                .hasMessageContaining("--kind must be one of stalled-readers, pinned-chunk");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, SERVER, AttackSettings.MIN_CLIENTS - 1, 10, 1000,
                null)).hasMessageContaining("--clients");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, SERVER, 100, 0, 1000, null))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, SERVER, 100, 10, 0, null))
                .hasMessageContaining("--connect-rate");
        assertThatThrownBy(() -> new AttackSettings(AttackKind.BURST, InetSocketAddress.createUnresolved("nowhere.invalid",
                5000), 100, 10, 1000, null)).hasMessageContaining("--host");
    }
}
