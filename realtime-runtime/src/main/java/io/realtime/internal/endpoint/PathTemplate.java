package io.realtime.internal.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An endpoint path such as {@code /chat/{room}}: literal segments and whole-segment variables, starting with a
 * literal so that an endpoint never claims the whole application.
 */
public final class PathTemplate {

    // Not '*': a servlet mapping that holds one anywhere but at its end is no valid pattern (Jetty refuses it).
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()+,;=:@-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String text;
    private final List<String> segments; // variables as null
    private final List<String> variables; // names, by position; null for literals

    private PathTemplate(String text, List<String> segments, List<String> variables) {
        this.text = text;
        this.segments = segments;
        this.variables = variables;
    }

    /**
     * Parses a template.
     *
     * @param text the template as written in the annotation
     * @return the template
     * @throws IllegalArgumentException with the broken rule, if malformed
     */
    public static PathTemplate parse(String text) {
        if (text == null || !text.startsWith("/") || text.length() < 2) {
            throw new IllegalArgumentException("must start with '/' and a literal segment, as in \"/chat/{room}\"");
        }
        if (text.endsWith("/")) {
            throw new IllegalArgumentException("must not end with '/'");
        }
        List<String> segments = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        for (String segment : text.substring(1).split("/", -1)) {
            var variable = VARIABLE.matcher(segment);
            if (variable.matches()) {
                String name = variable.group(1);
                if (variables.contains(name)) {
                    throw new IllegalArgumentException("names path parameter {" + name + "} twice");
                }
                segments.add(null);
                variables.add(name);
            } else if (segment.isEmpty()) {
                throw new IllegalArgumentException("has an empty segment");
            } else if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("has a '" + segment + "' segment");
            } else if (!LITERAL.matcher(segment).matches()) {
                throw new IllegalArgumentException("segment '" + segment
                        + "' is neither a literal (letters, digits and -._~!$&'()+,;=:@) nor a whole {name}");
            } else {
                segments.add(segment);
                variables.add(null);
            }
        }
        if (segments.get(0) == null) {
            throw new IllegalArgumentException(
                    "must start with a literal segment, so that the endpoint does not claim every path");
        }
        return new PathTemplate(text, Collections.unmodifiableList(segments), Collections.unmodifiableList(variables));
    }

    /** @return the names of the path parameters */
    public List<String> variables() {
        return variables.stream().filter(v -> v != null).toList();
    }

    /**
     * Matches a request path, decoding each segment on its own so that an encoded '/' stays inside its segment.
     *
     * @param path the context-relative request path, still percent-encoded
     * @return the decoded path parameters, or empty when the path does not match
     */
    public Optional<Map<String, String>> match(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String literal = segments.get(i);
            if (literal != null) {
                if (!literal.equals(parts[i])) {
                    return Optional.empty();
                }
            } else {
                String value = decode(parts[i]);
                if (value == null || value.isEmpty()) {
                    return Optional.empty();
                }
                values.put(variables.get(i), value);
            }
        }
        return Optional.of(values);
    }

    /** @return the servlet mapping that reaches this template: the literal prefix, then {@code /*} if needed */
    public String servletPattern() {
        StringBuilder prefix = new StringBuilder();
        for (String segment : segments) {
            if (segment == null) {
                return prefix + "/*";
            }
            prefix.append('/').append(segment);
        }
        return prefix.toString();
    }

    /** @return the template with variable names erased, equal for templates that match the same paths */
    public String shape() {
        StringBuilder shape = new StringBuilder();
        for (String segment : segments) {
            shape.append('/').append(segment == null ? "{}" : segment);
        }
        return shape.toString();
    }

    /**
     * Orders templates for matching: at the first segment where they differ, a literal wins over a variable.
     *
     * @param other another template
     * @return negative when this one should be tried first
     */
    int precedence(PathTemplate other) {
        for (int i = 0; i < Math.min(segments.size(), other.segments.size()); i++) {
            boolean mine = segments.get(i) != null;
            boolean theirs = other.segments.get(i) != null;
            if (mine != theirs) {
                return mine ? -1 : 1;
            }
        }
        return 0;
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        byte[] out = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                out[n++] = (byte) c;
            }
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(out, 0, n)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
