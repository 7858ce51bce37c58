package io.realtime.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's {@code keytool} and written as the PEM files Redis
 * reads, {@code cert.pem} and {@code key.pem}, in a temporary directory that {@link #close} deletes.
 */
final class Certificates implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path dir;

    private Certificates(Path dir) {
        this.dir = dir;
    }

    static Certificates create() {
        try {
            Path dir = Files.createTempDirectory("redis-tls");
            write(dir);
            return new Certificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the certificate, which clients trust */
    Path cert() {
        return dir.resolve("cert.pem");
    }

    /** @return the options with which a Redis serves TLS on a port, not asking clients for certificates */
    List<String> serverOptions(int port) {
        return List.of(
                "--tls-port", Integer.toString(port),
                "--tls-cert-file", cert().toString(),
                "--tls-key-file", dir.resolve("key.pem").toString(),
                "--tls-ca-cert-file", cert().toString(),
                "--tls-auth-clients", "no");
    }

    /** @return client options that trust the certificate */
    ClientOptions trusting() {
        return ClientOptions.builder()
                .sslOptions(SslOptions.builder()
                        .jdkSslProvider()
                        .trustManager(cert().toFile())
                        .build())
                .build();
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> file.toFile().delete());
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir) {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Process process = new ProcessBuilder(
                            keytool.toString(),
                            "-genkeypair",
                            "-alias",
                            "redis",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-validity",
                            "1",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "san=ip:127.0.0.1",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            new String(PASSWORD),
                            "-keypass",
                            new String(PASSWORD))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.out").toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("keytool could not make a certificate; see " + dir.resolve("keytool.out"));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            Files.writeString(
                    dir.resolve("cert.pem"),
                    pem("CERTIFICATE", keys.getCertificate("redis").getEncoded()));
            Files.writeString(
                    dir.resolve("key.pem"),
                    pem("PRIVATE KEY", keys.getKey("redis", PASSWORD).getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
