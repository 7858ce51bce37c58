package io.realtime.bench.server;

import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of a server JVM: {@code BenchServer <jetty|tomcat> <library|strong|naive|atmosphere>}. It starts the
 * container with the variant and the {@link Control} servlet on a free port of 127.0.0.1, prints
 * {@code listening <port>} on standard output, and stops when standard input closes: the driver holds that
 * pipe, so a server never outlives its driver.
 */
public final class BenchServer {

    private BenchServer() {}

    /**
     * Runs a server until standard input closes.
     *
     * @param args the container and the variant
     * @throws Exception if it does not start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchServer <jetty|tomcat> <library|strong|naive|atmosphere>");
            System.exit(2);
        }
        Variant variant = Variant.named(args[1]);
        try (Container container = Container.start(args[0], 0, (classes, context) -> {
            variant.install(context);
            ServletRegistration.Dynamic control = context.addServlet("bench-control", new Control(variant));
            control.addMapping("/control/*");
        })) {
            System.out.println("listening " + container.port());
            System.out.flush();
            drain(System.in);
        }
        System.exit(0);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // nothing is expected on standard input; its end is the signal to stop
        }
    }
}
