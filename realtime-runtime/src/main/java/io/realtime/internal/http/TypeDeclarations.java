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

/**
 * Serves the browser client's TypeScript declarations, {@code <context>/realtime/realtime.d.ts}, as
 * {@code application/typescript}. The container would serve them from the jar's {@code META-INF/resources} by
 * itself, but by their last extension: Tomcat's table says {@code video/mp2t} for {@code .ts} (MPEG transport
 * streams), Jetty's says nothing, and an application-wide mapping would change the type of such streams too.
 */
public final class TypeDeclarations extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The path it is mapped to, exactly. */
    public static final String PATH = "/realtime/realtime.d.ts";

    private static final String RESOURCE = "/META-INF/resources" + PATH;
    private static final String TYPE = "application/typescript;charset=utf-8";

    private transient byte[] body;
    private transient String etag;

    /** Created by the container. */
    public TypeDeclarations() {}

    // Read at initialisation, from the context's resources (where a WAR's jars put META-INF/resources) or else this
    // class's loader (embedded servers): a registration kept across a restart is initialised again (RealtimeServlet).
    @Override
    public void init() throws ServletException {
        try (InputStream in = open()) {
            body = in.readAllBytes();
            etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body)) + "\"";
        } catch (IOException | RuntimeException e) {
            throw new UnavailableException("Cannot read " + RESOURCE + ": " + e);
        }
    }

    private InputStream open() throws IOException {
        InputStream in = getServletContext().getResourceAsStream(PATH);
        if (in == null) {
            in = TypeDeclarations.class.getResourceAsStream(RESOURCE);
        }
        if (in == null) {
            throw new IOException("not found");
        }
        return in;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (Collections.list(request.getHeaders("If-None-Match")).stream()
                .anyMatch(value -> value.contains(etag) || value.trim().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
