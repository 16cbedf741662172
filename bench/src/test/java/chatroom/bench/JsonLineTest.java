package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineTest {

    @Test
    void buildsOneFlatObject() {
        String json = new JsonLine()
                .put("n", 3)
                .put("x", 1.5)
                .put("bad", Double.NaN)
                .put("ok", true)
                .put("s", "a \"b\"\n")
                .put("list", List.of("p", "q"))
                .toString();
        assertThat(json).isEqualTo("{\"n\":3,\"x\":1.500,\"bad\":null,\"ok\":true,\"s\":\"a \\\"b\\\"\\n\",\"list\":[\"p\",\"q\"]}");
    }
}
