package io.realtime.internal.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the browser client, {@code <context>/realtime/realtime.js}, and its TypeScript declarations,
 * {@code realtime.d.ts}, with their types, on every kind of deployment. A WAR's container would serve them from the
 * jar's {@code META-INF/resources} by itself, but an embedded context ({@code ServletContextHandler},
 * {@code Tomcat.addContext}) serves no such resources, and the types come from the container's table by the last
 * extension: Tomcat's says {@code video/mp2t} for {@code .ts} (MPEG transport streams), Jetty's nothing, and an
 * application-wide mapping would change the type of such streams too.
 */
public final class ClientFiles extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The browser client's path, mapped exactly. */
    public static final String SCRIPT = "/realtime/realtime.js";

    /** The declarations' path, mapped exactly. */
    public static final String TYPES = "/realtime/realtime.d.ts";

    /** Every path it serves. */
    public static final List<String> PATHS = List.of(SCRIPT, TYPES);

    private static final Map<String, String> CONTENT_TYPES =
            Map.of(SCRIPT, "text/javascript;charset=utf-8", TYPES, "application/typescript;charset=utf-8");

    private record File(byte[] body, String etag) {}

    private transient Map<String, File> files;

    /** Created by the container. */
    public ClientFiles() {}

    // Read at initialisation, from the context's resources (where a WAR's jars put META-INF/resources) or else this
    // class's loader (embedded servers): a registration kept across a restart is initialised again (RealtimeServlet).
    @Override
    public void init() throws ServletException {
        Map<String, File> read = new HashMap<>();
        for (String path : PATHS) {
            try (InputStream in = open(path)) {
                byte[] body = in.readAllBytes();
                read.put(
                        path,
                        new File(
                                body,
                                "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body)) + "\""));
            } catch (IOException | RuntimeException e) {
                throw new UnavailableException("Cannot read /META-INF/resources" + path + ": " + e);
            }
        }
        files = Map.copyOf(read);
    }

    private InputStream open(String path) throws IOException {
        InputStream in = getServletContext().getResourceAsStream(path);
        if (in == null) {
            in = ClientFiles.class.getResourceAsStream("/META-INF/resources" + path);
        }
        if (in == null) {
            throw new IOException("not found");
        }
        return in;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        File file = files.get(path);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("ETag", file.etag());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (Collections.list(request.getHeaders("If-None-Match")).stream()
                .anyMatch(value -> value.contains(file.etag()) || value.trim().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(CONTENT_TYPES.get(path));
        response.setContentLength(file.body().length);
        response.getOutputStream().write(file.body());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
