package chatroom.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Test
    void readsEveryBlockInOrderAndSkipsTextBetween() {
        byte[] one = {1, 2, 3};
        byte[] two = new byte[200];
        String text = "Certificate:\n  dump as openssl x509 -text writes it\n" + block("CERTIFICATE", one)
                + "junk between\r\n" + block("PRIVATE KEY", two);

        List<Pem.Block> blocks = Pem.blocks(text);

        assertThat(blocks).extracting(Pem.Block::label).containsExactly("CERTIFICATE", "PRIVATE KEY");
        assertThat(blocks.get(0).der()).isEqualTo(one);
        assertThat(blocks.get(1).der()).isEqualTo(two);
    }

    @Test
    void aBlockWhoseEndDoesNotMatchItsBeginIsNoBlock() {
        assertThat(Pem.blocks("-----BEGIN CERTIFICATE-----\nAQID\n-----END PRIVATE KEY-----\n")).isEmpty();
        assertThat(Pem.blocks("no pem here")).isEmpty();
    }

    @Test
    void aBodyThatIsNotBase64IsRefusedWhenDecoded() {
        Pem.Block block = Pem.blocks("-----BEGIN CERTIFICATE-----\nAQ*D\n-----END CERTIFICATE-----").get(0);

        assertThatIllegalArgumentException().isThrownBy(block::der);
    }
}
