package io.realtime.undertow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The part of a {@code web.xml} (or a {@code web-fragment.xml}'s name) that the kit honours: context parameters,
 * listeners, servlets and their mappings, welcome files, {@code metadata-complete} and {@code <absolute-ordering>}
 * (Servlet 6.0 §8.2.2). Any other element fails the deployment, naming it, rather than being silently ignored.
 *
 * @param metadataComplete whether annotations on the WAR's classes are to be ignored
 * @param ordering the fragment names of the absolute ordering, with {@code "<others/>"} where it stands; empty when
 *     there is no absolute ordering
 */
record WebXml(
        boolean metadataComplete,
        Optional<List<String>> ordering,
        Map<String, String> contextParameters,
        List<String> listeners,
        List<Servlet> servlets,
        List<String> welcomeFiles) {

    /** Where {@link #ordering()} keeps {@code <others/>}. */
    static final String OTHERS = "<others/>";

    /** A servlet declared in {@code web.xml}. */
    record Servlet(
            String name,
            String className,
            Map<String, String> initParameters,
            Integer loadOnStartup,
            boolean asyncSupported,
            List<String> mappings) {}

    private static final Set<String> HONOURED = Set.of(
            "display-name",
            "description",
            "context-param",
            "listener",
            "servlet",
            "servlet-mapping",
            "welcome-file-list",
            "absolute-ordering");

    static final WebXml NONE = new WebXml(false, Optional.empty(), Map.of(), List.of(), List.of(), List.of());

    /** Reads {@code WEB-INF/web.xml} of an exploded WAR, or {@link #NONE} when it has none. */
    static WebXml of(Path war) {
        Path file = war.resolve("WEB-INF/web.xml");
        if (!Files.exists(file)) {
            return NONE;
        }
        Element root;
        try (InputStream in = Files.newInputStream(file)) {
            root = parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        boolean complete = "true".equals(root.getAttribute("metadata-complete"));
        Optional<List<String>> ordering = Optional.empty();
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> listeners = new ArrayList<>();
        Map<String, Element> servlets = new LinkedHashMap<>();
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        List<String> welcome = new ArrayList<>();
        for (Element element : children(root)) {
            String name = element.getLocalName();
            if (!HONOURED.contains(name)) {
                throw new IllegalStateException(
                        "The Undertow test kit does not read <" + name + "> in " + file + "; it reads " + HONOURED);
            }
            switch (name) {
                case "context-param" -> parameters.put(text(element, "param-name"), text(element, "param-value"));
                case "listener" -> listeners.add(text(element, "listener-class"));
                case "servlet" -> servlets.put(text(element, "servlet-name"), element);
                case "servlet-mapping" ->
                    mappings.computeIfAbsent(text(element, "servlet-name"), key -> new ArrayList<>())
                            .addAll(texts(element, "url-pattern"));
                case "welcome-file-list" -> welcome.addAll(texts(element, "welcome-file"));
                case "absolute-ordering" -> {
                    List<String> names = new ArrayList<>();
                    for (Element entry : children(element)) {
                        names.add(
                                "others".equals(entry.getLocalName())
                                        ? OTHERS
                                        : entry.getTextContent().trim());
                    }
                    ordering = Optional.of(names);
                }
                default -> {} // display-name, description
            }
        }
        List<Servlet> declared = new ArrayList<>();
        servlets.forEach((servletName, element) -> declared.add(servlet(servletName, element, mappings)));
        return new WebXml(complete, ordering, parameters, listeners, declared, welcome);
    }

    /** The {@code <name>} of a {@code META-INF/web-fragment.xml}, if it has one. */
    static Optional<String> fragmentName(InputStream webFragment) {
        return children(parse(webFragment)).stream()
                .filter(element -> "name".equals(element.getLocalName()))
                .map(element -> element.getTextContent().trim())
                .findFirst();
    }

    private static Servlet servlet(String name, Element element, Map<String, List<String>> mappings) {
        Map<String, String> init = new LinkedHashMap<>();
        for (Element parameter : children(element)) {
            if ("init-param".equals(parameter.getLocalName())) {
                init.put(text(parameter, "param-name"), text(parameter, "param-value"));
            }
        }
        List<String> loads = texts(element, "load-on-startup");
        return new Servlet(
                name,
                text(element, "servlet-class"),
                init,
                loads.isEmpty() || loads.get(0).isEmpty() ? null : Integer.valueOf(loads.get(0)),
                texts(element, "async-supported").contains("true"),
                mappings.getOrDefault(name, List.of()));
    }

    private static Element parse(InputStream in) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(in).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("Cannot parse a deployment descriptor: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent).stream()
                .filter(element -> name.equals(element.getLocalName()))
                .map(element -> element.getTextContent().trim())
                .toList();
    }

    private static String text(Element parent, String name) {
        List<String> found = texts(parent, name);
        if (found.isEmpty()) {
            throw new IllegalStateException("<" + parent.getLocalName() + "> without <" + name + "> in web.xml");
        }
        return found.get(0);
    }
}
