package io.realtime.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of docs/protocol.md: each {@code <!-- example: name -->} and the fenced block after it, every
 * line of the block ended by a line feed, as the wire has it.
 */
final class ProtocolExamples {

    /** The epoch the examples show in place of the server's random one. */
    static final String EPOCH = "Q2hhbmdl";

    /** The tab id the examples show in place of the server's random one. */
    static final String TAB = "Vq7bQ2nXhYyf3M0eKc1T8w";

    /** The tab token of the examples (docs/protocol.md, "Identity"). */
    static final String TOKEN =
            "rt1.k1.Vq7bQ2nXhYyf3M0eKc1T8w.1735689600000.1735776000000.kPdr2fNqCTV-up-5Z5xDnxGX7z7ZGEuox98uQ2UTXQs";

    private static final Pattern ISSUED = Pattern.compile(
            ",\"tab\":\"([A-Za-z0-9_-]{22})\",\"token\":\"(rt1\\.[A-Za-z0-9_-]{1,32}\\.\\1\\.[0-9]+\\.[0-9]+\\.[A-Za-z0-9_-]{43})\"}$");

    private static final Pattern EXAMPLE =
            Pattern.compile("<!-- example: ([a-z0-9-]+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    private static final Map<String, String> EXAMPLES = load(Path.of("..", "docs", "protocol.md"));

    private ProtocolExamples() {}

    static String get(String name) {
        String example = EXAMPLES.get(name);
        if (example == null) {
            throw new AssertionError("docs/protocol.md has no example '" + name + "'; it has " + EXAMPLES.keySet());
        }
        return example;
    }

    /** The request line and headers of an HTTP example, with the example epoch replaced by a real one. */
    static List<String> requestLines(String name, String epoch) {
        return get(name)
                .replace(EPOCH, epoch)
                .lines()
                .filter(line -> !line.isEmpty())
                .toList();
    }

    /**
     * A negotiation answer with the server's tab and token shown as the examples show them; fails unless both are
     * there, last, well formed, and the token names the tab.
     */
    static String identityAsInExamples(String negotiation) {
        Matcher issued = ISSUED.matcher(negotiation);
        if (!issued.find()) {
            throw new AssertionError(
                    "A negotiation answer ends with a tab and its token: " + withoutToken(negotiation));
        }
        return negotiation.substring(0, issued.start()) + ",\"tab\":\"" + TAB + "\",\"token\":\"" + TOKEN + "\"}";
    }

    /** A negotiation answer without its tab and token, which are checked as {@link #identityAsInExamples} does. */
    static String withoutIdentity(String negotiation) {
        String shown = identityAsInExamples(negotiation);
        return shown.substring(0, shown.indexOf(",\"tab\":")) + '}';
    }

    private static String withoutToken(String text) {
        return text.replaceAll("rt1\\.[^\"]*", "rt1.…");
    }

    static Map<String, String> all() {
        return EXAMPLES;
    }

    private static Map<String, String> load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher matcher = EXAMPLE.matcher(text);
        while (matcher.find()) {
            if (examples.put(matcher.group(1), matcher.group(2)) != null) {
                throw new IllegalStateException("docs/protocol.md has two examples named " + matcher.group(1));
            }
        }
        return examples;
    }
}
