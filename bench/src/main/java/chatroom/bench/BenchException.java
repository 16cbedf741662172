package chatroom.bench;

import java.util.List;

/** The run could not be carried out (not a measurement that came out badly): the setup failed. */
final class BenchException extends Exception {

    private static final long serialVersionUID = 1L;

    BenchException(String message, List<String> details) {
        super(details.isEmpty() ? message : message + "\n  " + String.join("\n  ", details));
    }
}
