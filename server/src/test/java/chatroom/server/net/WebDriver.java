package chatroom.server.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the W3C WebDriver protocol (JSON over HTTP to Debian's
 * {@code chromedriver}), with the JDK's HTTP client and jackson-core: what a browser test
 * needs, without Selenium's 27 jars or its manager binary that would try to download a driver.
 * Both processes are this object's, and {@link #close} ends them.
 */
final class WebDriver implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** WebDriver's key codes, typed as characters in {@link Element#type}. */
    static final String ENTER = "\uE007";
    static final String TAB = "\uE004";
    static final String ARROW_UP = "\uE013";
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The key under which WebDriver names an element (a constant of the W3C spec). */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final JsonFactory JSON = new JsonFactory();

    private final Process driver;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String session;

    private WebDriver(Process driver, int port, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.base = "http://127.0.0.1:" + port;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    /** Starts chromedriver and a headless Chromium with a fresh profile and a window of this size. */
    static WebDriver start(Path logDir, int width, int height) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(logDir);
        Process process = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port,
                "--log-path=" + logDir.resolve("chromedriver.log"))
                .redirectErrorStream(true).redirectOutput(logDir.resolve("chromedriver.out").toFile()).start();
        WebDriver webDriver = new WebDriver(process, port, Files.createTempDirectory("chromium-profile"));
        try {
            webDriver.awaitReady();
            webDriver.newSession(width, height);
            return webDriver;
        } catch (InterruptedException | RuntimeException e) {
            webDriver.close();
            throw e;
        }
    }

    private void awaitReady() throws InterruptedException {
        await("chromedriver to answer /status", () -> {
            try {
                return Boolean.TRUE.equals(value(call("GET", "/status", null)).get("ready"));
            } catch (RuntimeException e) {
                return false; // not listening yet
            }
        });
    }

    private void newSession(int width, int height) {
        // Headless, no sandbox (CI runs as root), and nothing that reaches out to the network.
        List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        Map<String, Object> chrome = Map.of("binary", CHROMIUM.toString(), "args", args);
        Map<String, Object> body = Map.of("capabilities",
                Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", chrome)));
        session = (String) value(call("POST", "/session", body)).get("sessionId");
        call("POST", path("/timeouts"), Map.of("implicit", WAIT.toMillis()));
    }

    void open(String url) {
        call("POST", path("/url"), Map.of("url", url));
    }

    String title() {
        return (String) call("GET", path("/title"), null);
    }

    /** The first element {@code css} selects, waiting up to {@link #WAIT} for one to be there. */
    Element find(String css) {
        return new Element((String) value(call("POST", path("/element"), Map.of("using", "css selector", "value", css))).get(ELEMENT));
    }

    /** Every element {@code css} selects now (waits only while there is none). */
    List<Element> findAll(String css) {
        List<Element> all = new ArrayList<>();
        for (Object found : (List<?>) call("POST", path("/elements"), Map.of("using", "css selector", "value", css))) {
            all.add(new Element((String) ((Map<?, ?>) found).get(ELEMENT)));
        }
        return all;
    }

    /** The element with the keyboard focus. */
    Element focused() {
        return new Element((String) value(call("GET", path("/element/active"), null)).get(ELEMENT));
    }

    /** Runs {@code body} (a function body: {@code return ...}) in the page with {@code arguments}; its JSON result. */
    Object script(String body, Object... arguments) {
        return call("POST", path("/execute/sync"), Map.of("script", body, "args", List.of(arguments)));
    }

    /** Runs {@code js} in every page opened from now on, before the page's own scripts (a Chromium DevTools command). */
    void beforeEveryPage(String js) {
        call("POST", path("/goog/cdp/execute"), Map.of("cmd", "Page.addScriptToEvaluateOnNewDocument", "params", Map.of("source", js)));
    }

    void resize(int width, int height) {
        call("POST", path("/window/rect"), Map.of("width", width, "height", height));
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode((String) call("GET", path("/screenshot"), null)));
    }

    /** Polls until {@code condition} holds, failing with {@code what} after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (session != null) {
                call("DELETE", path(""), null); // ends the browser
            }
        } catch (RuntimeException e) {
            // A driver that is stuck or gone: the processes are ended below anyway.
        } finally {
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            driver.waitFor();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** One element of the page, by its WebDriver id. */
    final class Element {
        private final String id;

        private Element(String id) {
            this.id = id;
        }

        /** Types {@code keys} into it, as a user would (it gets the focus first). */
        void type(String keys) {
            call("POST", path("/element/" + id + "/value"), Map.of("text", keys));
        }

        /** Empties an input. */
        void clear() {
            call("POST", path("/element/" + id + "/clear"), Map.of());
        }

        void click() {
            call("POST", path("/element/" + id + "/click"), Map.of());
        }

        /** What the user sees of it (hidden parts left out). */
        String text() {
            return (String) call("GET", path("/element/" + id + "/text"), null);
        }

        /** A DOM property: {@code value} of an input, {@code id}, ... */
        Object property(String name) {
            return call("GET", path("/element/" + id + "/property/" + name), null);
        }

        boolean displayed() {
            return Boolean.TRUE.equals(call("GET", path("/element/" + id + "/displayed"), null));
        }
    }

    private String path(String rest) {
        return "/session/" + session + rest;
    }

    /** Sends one command and returns the reply's {@code value}; a WebDriver error becomes an exception. */
    private Object call(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(write(body)));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
        Object value = ((Map<?, ?>) read(response.body())).get("value");
        if (response.statusCode() != 200) {
            Map<?, ?> error = (Map<?, ?>) value;
            throw new IllegalStateException(method + " " + path + ": " + error.get("error") + ": " + error.get("message"));
        }
        return value;
    }

    private static Map<?, ?> value(Object value) {
        return (Map<?, ?>) value;
    }

    // jackson-core is a streaming API: these turn JSON into maps, lists, strings, numbers and back.

    private static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                json.writeFieldName((String) field.getKey());
                write(json, field.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value == null) {
            json.writeNull();
        } else {
            throw new IllegalArgumentException("not JSON: " + value.getClass());
        }
    }

    private static Object read(String text) {
        try (JsonParser json = JSON.createParser(text)) {
            json.nextToken();
            return read(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static Object read(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    json.nextToken();
                    map.put(field, read(json));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(json));
                }
                return list;
            }
            case VALUE_STRING -> {
                return json.getText();
            }
            case VALUE_NUMBER_INT -> {
                return json.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return json.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return json.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + token);
        }
    }
}
