package chatroom.server.tls;

/**
 * TLS cannot start with what the server was given: a file missing, a key that is not the
 * certificate's, a key in a format the JDK does not read. The message is written for whoever
 * starts the server and is complete on its own (which file, what is wrong, what to do about it):
 * print it, not the stack trace.
 */
public final class TlsSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    TlsSetupException(String message) {
        super(message);
    }

    TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
