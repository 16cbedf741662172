package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatSettingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void zeroHistoryAndZeroAnnounceLimitAreAllowed() {
        ChatSettings settings = new ChatSettings(0, 0, TIMEOUT, List.of());
        assertThat(settings.historyLines()).isZero();
        assertThat(settings.announceLimit()).isZero();
    }

    @Test
    void negativeHistoryIsRejected() {
        assertThatThrownBy(() -> new ChatSettings(-1, 10, TIMEOUT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeAnnounceLimitIsRejected() {
        assertThatThrownBy(() -> new ChatSettings(10, -1, TIMEOUT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLoginTimeoutMustBePositive() {
        assertThatThrownBy(() -> new ChatSettings(10, 10, Duration.ZERO, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatSettings(10, 10, Duration.ofSeconds(-1), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChatSettings(10, 10, Duration.ofMillis(1), List.of()).loginTimeout())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theMessageOfTheDayIsACopy() {
        List<String> motd = new ArrayList<>(List.of("hi"));
        ChatSettings settings = new ChatSettings(10, 10, TIMEOUT, motd);

        motd.add("sneaked in later");

        assertThat(settings.motd()).containsExactly("hi");
        assertThatThrownBy(() -> settings.motd().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theLobbyIsCalledLobbyAndSummariesComeEverySecond() {
        assertThat(ChatSettings.LOBBY).isEqualTo("lobby");
        assertThat(Names.isValid(ChatSettings.LOBBY)).isTrue();
        assertThat(ChatSettings.SUMMARY_INTERVAL).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theShortConstructorHasTheDefaultLimits() {
        ChatSettings settings = new ChatSettings(10, 10, TIMEOUT, List.of());

        assertThat(settings.historyBytes()).isEqualTo(ChatSettings.DEFAULT_HISTORY_BYTES);
        assertThat(settings.maxRooms()).isEqualTo(ChatSettings.DEFAULT_MAX_ROOMS);
        assertThat(settings.maxUnnamed()).isEqualTo(ChatSettings.DEFAULT_MAX_UNNAMED);
        assertThat(settings.withLimits(1, 2, 3)).isEqualTo(new ChatSettings(10, 10, TIMEOUT, List.of(), 1, 2, 3));
    }

    @Test
    void theLimitsMustLeaveRoomForTheLobbyAndOneWaitingConnection() {
        ChatSettings settings = new ChatSettings(10, 10, TIMEOUT, List.of());

        assertThat(settings.withLimits(0, 1, 1).maxRooms()).isEqualTo(1);
        assertThatThrownBy(() -> settings.withLimits(-1, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withLimits(10, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withLimits(10, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
