package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.tls.Fingerprint;
import chatroom.server.tls.SelfSignedCertificate;
import chatroom.server.tls.ServerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole client over TLS against the real server's TLS port, in this JVM, in line mode (a
 * script's input that stays open until the test types {@code /quit}), with a plain text user
 * on the server's other port.
 */
@Timeout(60)
class TlsClientTest {

    /** As the server's --tls-self-signed makes it: for localhost, 127.0.0.1 and ::1. */
    private static ServerIdentity identity;
    /** Another such certificate: the server's after a restart with --tls-self-signed. */
    private static ServerIdentity another;

    @TempDir
    Path dir;

    private final ScriptedUi user = new ScriptedUi();

    @BeforeAll
    static void certificates() throws Exception {
        identity = SelfSignedCertificate.generate();
        another = SelfSignedCertificate.generate();
    }

    @AfterEach
    void closeInput() throws IOException {
        user.close();
    }

    private ClientRun start(String host, int port, TlsConnector tls, String name) throws IOException {
        return ClientRun.start(user.ui(), new MessageRenderer(false, ZoneId.systemDefault()), new OnlineNames(), host,
                port, tls, name, ClientRun.quickBackoff());
    }

    /** The ports of a server that has stopped, and the client that was logged in there over TLS. */
    private record Stopped(int port, int tlsPort, ClientRun client) {}

    private Stopped loggedInThenStopped(String host, TlsConnector tls) throws IOException {
        try (LocalServer server = LocalServer.withTls(identity)) {
            ClientRun client = start(host, server.tlsPort(), tls, "alice");
            user.awaitShown("*** You are in lobby.");
            return new Stopped(server.port(), server.tlsPort(), client);
        }
    }

    @Test
    void aPinnedClientChatsBothWaysWithAPlainClientInTheSameRoom() throws Exception {
        try (LocalServer server = LocalServer.withTls(identity);
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start("127.0.0.1", server.tlsPort(), TlsConnector.pinning(identity.fingerprint()), "alice");
            bob.awaitEnding("*** alice joined lobby");
            user.type("hello over tls");
            bob.awaitEnding("<alice> hello over tls");
            bob.send("hello in plain text");
            user.awaitShown("<bob> hello in plain text");
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("*** alice left lobby (quit)");
        }
        assertThat(user.shown()).contains("*** Hello alice!", "<alice> hello over tls", "*** Bye!");
        assertThat(user.notes()).isEmpty();
    }

    @Test
    void theServersCertificateFileTrustedWorksForTheNameItIsFor() throws Exception {
        Path cert = TestCertificates.pemFile(dir, "server.pem", identity.certificate());
        try (LocalServer server = LocalServer.withTls(identity);
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start("localhost", server.tlsPort(), TlsConnector.trusting(cert), "alice");
            user.type("trusted by file");
            bob.awaitEnding("<alice> trusted by file");
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
        }
        assertThat(user.notes()).isEmpty();
    }

    @Test
    void theJdkTrustStoreRefusesASelfSignedServerShowingItsFingerprintAndTheFlagThatPinsIt() throws Exception {
        try (LocalServer server = LocalServer.withTls(identity)) {
            ClientRun client = start("localhost", server.tlsPort(), TlsConnector.jdkTrust(), "alice");
            assertThat(client.exitStatus()).isEqualTo(1);
        }
        String fingerprint = identity.fingerprint().toString();
        assertThat(user.notes()).startsWith("--- Cannot connect to localhost:")
                .contains("certificate is not trusted", "\"CN=localhost\"", "a certificate authority the JDK trusts",
                        "event=tls_listening", "--tls-fingerprint " + fingerprint)
                .doesNotContain("Exception", "\tat ");
        assertThat(user.notes().lines()).hasSize(1);
        assertThat(Fingerprint.parse(fingerprint)).isEqualTo(identity.fingerprint());
    }

    @Test
    void aWrongPinIsRefusedSayingWhatWasExpectedAndWhatCame() throws Exception {
        try (LocalServer server = LocalServer.withTls(identity)) {
            ClientRun client = start("127.0.0.1", server.tlsPort(), TlsConnector.pinning(another.fingerprint()), "alice");
            assertThat(client.exitStatus()).isEqualTo(1);
        }
        assertThat(user.notes()).contains("has SHA-256 fingerprint " + identity.fingerprint(),
                "not the pinned " + another.fingerprint(), "--tls-self-signed makes a new one each time it starts");
    }

    /**
     * A hostile server's certificate chooses its subject: escape sequences in it must not reach
     * the terminal (the refusal is a note, which is not the wire's sanitised text), and ten
     * thousand characters of it must not fill the screen.
     */
    @Test
    void aRefusedCertificatesSubjectIsShownSanitisedAndShort() throws Exception {
        ServerIdentity hostile = TestCertificates.withCommonName(
                "\u001b]0;owned\u0007\u001b[2J\u001b[31m" + "A".repeat(10_000) + "\u009b1m");
        try (LocalServer server = LocalServer.withTls(hostile)) {
            ClientRun client = start("127.0.0.1", server.tlsPort(), TlsConnector.pinning(another.fingerprint()), "alice");
            assertThat(client.exitStatus()).isEqualTo(1);
        }
        assertThat(user.notes()).contains("has SHA-256 fingerprint " + hostile.fingerprint(), "␛[2J")
                .doesNotContain("\u001b", "\u0007", "\u009b");
        assertThat(user.notes().length()).isLessThan(1_000);
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefusedNamingTheHostItIsFor() throws Exception {
        ServerIdentity elsewhere = TestCertificates.opensslFor(dir, "elsewhere.example");
        try (LocalServer server = LocalServer.withTls(elsewhere)) {
            ClientRun client = start("127.0.0.1", server.tlsPort(), TlsConnector.trusting(dir.resolve("cert.pem")), "alice");
            assertThat(client.exitStatus()).isEqualTo(1);
        }
        assertThat(user.notes()).contains("certificate is for elsewhere.example, not 127.0.0.1",
                "connect with --host and a name it is for").doesNotContain("not trusted");
    }

    @Test
    void anExpiredCertificateIsRefusedThoughTrustedByFile() throws Exception {
        ServerIdentity expired = TestCertificates.expired(dir);
        Path cert = TestCertificates.pemFile(dir, "expired.pem", expired.certificate());
        try (LocalServer server = LocalServer.withTls(expired)) {
            ClientRun client = start("localhost", server.tlsPort(), TlsConnector.trusting(cert), "alice");
            assertThat(client.exitStatus()).isEqualTo(1);
        }
        assertThat(user.notes()).contains("the server's certificate \"CN=localhost\" expired on ",
                "(is this computer's clock right?)");
    }

    /** The user compared that very certificate: its dates are not what pinning checks. */
    @Test
    void anExpiredCertificateThatIsPinnedIsTaken() throws Exception {
        ServerIdentity expired = TestCertificates.expired(dir);
        try (LocalServer server = LocalServer.withTls(expired)) {
            ClientRun client = start("localhost", server.tlsPort(), TlsConnector.pinning(expired.fingerprint()), "alice");
            user.awaitShown("*** Hello alice!");
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
        }
    }

    @Test
    void tlsToThePlainPortSaysItIsNotTls() throws Exception {
        try (LocalServer server = LocalServer.withTls(identity)) {
            ClientRun client = start("127.0.0.1", server.port(), TlsConnector.pinning(identity.fingerprint()), "alice");
            assertThat(client.exitStatus()).isEqualTo(1);
        }
        assertThat(user.notes()).startsWith("--- Cannot connect to 127.0.0.1:")
                .contains("did not answer in TLS (not TLS?").doesNotContain("\tat ");
    }

    @Test
    void aReconnectAfterTheServerRestartsComesBackOverTls() throws Exception {
        Stopped first = loggedInThenStopped("127.0.0.1", TlsConnector.pinning(identity.fingerprint()));
        user.awaitNoted("lost");
        try (LocalServer second = LocalServer.withTlsOn(first.port(), first.tlsPort(), identity);
             RawUser bob = RawUser.login(second.port(), "bob")) {
            bob.awaitEnding("*** alice joined lobby"); // only TLS is spoken on tlsPort
            user.type("back over tls");
            bob.awaitEnding("<alice> back over tls");
            user.type("/quit");
            assertThat(first.client().exitStatus()).isZero();
        }
    }

    /**
     * The server came back with another certificate (a --tls-self-signed server restarted): every
     * attempt would be refused the same way, so the run ends, saying why, instead of retrying
     * for ever.
     */
    @Test
    void aReconnectThatFindsTheCertificateChangedEndsTheRunAndDoesNotRetry() throws Exception {
        Path cert = TestCertificates.pemFile(dir, "server.pem", identity.certificate());
        Stopped first = loggedInThenStopped("localhost", TlsConnector.trusting(cert));
        try (LocalServer second = LocalServer.withTlsOn(first.port(), first.tlsPort(), another)) {
            assertThat(first.client().exitStatus()).isEqualTo(ChatSession.REFUSED);
        }
        assertThat(user.notes().lines().filter(line -> line.startsWith("--- Not reconnecting to localhost:" + first.tlsPort()
                + " (TLS): the server's certificate is not trusted"))).hasSize(1);
        assertThat(user.notes()).contains(another.fingerprint().toString(), "not signed by a certificate in " + cert);
    }
}
