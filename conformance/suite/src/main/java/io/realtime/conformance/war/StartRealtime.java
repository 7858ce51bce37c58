package io.realtime.conformance.war;

import io.realtime.runtime.Realtime;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Set;

/**
 * How an application whose {@code <absolute-ordering>} leaves the runtime's fragment out starts it anyway: an
 * initializer of its own, in {@code WEB-INF/classes}, named in its {@code META-INF/services}.
 */
public class StartRealtime implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Realtime.initializer(Greeter.class).onStartup(classes, context);
    }
}
