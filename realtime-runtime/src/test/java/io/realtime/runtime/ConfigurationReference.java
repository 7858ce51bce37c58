package io.realtime.runtime;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes the settings part of {@code docs/configuration.md} from the declaration in {@link Settings}. */
final class ConfigurationReference {

    static final String BEGIN = "<!-- BEGIN settings: written from Settings.java by ConfigurationDocTest;"
            + " edit the declaration, then run the test with -Dconfiguration.doc.write=true -->";
    static final String END = "<!-- END settings -->";

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private ConfigurationReference() {}

    /** @return the part between {@link #BEGIN} and {@link #END}, each on a line of its own */
    static String render() {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append("| setting | what it is | default |\n| --- | --- | --- |\n");
        for (Setting<?> setting : Settings.ALL) {
            md.append("| [`")
                    .append(setting.name())
                    .append("`](#")
                    .append(setting.name().toLowerCase(Locale.ROOT))
                    .append(") | ")
                    .append(sentence(setting.summary()))
                    .append(" | ")
                    .append(setting.defaultText())
                    .append(" |\n");
        }
        Setting.Group group = null;
        for (Setting<?> setting : Settings.ALL) {
            if (setting.group() != group) {
                group = setting.group();
                md.append("\n## ")
                        .append(group.title)
                        .append("\n\n")
                        .append(group.intro)
                        .append('\n');
            }
            describe(setting, md);
        }
        return md.append('\n').append(END).append('\n').toString();
    }

    private static void describe(Setting<?> setting, StringBuilder md) {
        md.append("\n### ").append(setting.name()).append("\n\n").append(sentence(setting.summary()));
        if (!setting.details().isEmpty()) {
            md.append(' ').append(setting.details());
        }
        md.append("\n\n| | |\n| --- | --- |\n");
        String builder = setting.name() + "(" + setting.format().javaType() + ")";
        if (setting.contextParameter().isPresent()) {
            row(md, "context parameter", "`" + setting.contextParameter().get() + "`");
            row(md, "Spring Boot property", "`" + setting.property().orElseThrow() + "`");
            row(md, "builder", "`" + builder + "`");
            row(md, "format", setting.format().written());
            row(md, "default", setting.defaultText());
            row(md, "example", "`" + setting.example() + "`");
        } else {
            row(md, "context parameter", "none: an object, set with the builder alone");
            row(md, "Spring Boot property", "none");
            row(md, "builder", "`" + builder + "`");
            row(md, "default", setting.defaultText());
            row(md, "example", "`" + setting.name() + "(" + setting.example() + ")`");
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    /** @return the phrase as a sentence: capitalised, with a full stop */
    static String sentence(String phrase) {
        return phrase.substring(0, 1).toUpperCase(Locale.ROOT) + phrase.substring(1) + ".";
    }

    /** @return the text with Markdown's code spans (backticks) written as Javadoc's inline code tags */
    static String javadoc(String markdown) {
        Matcher code = CODE.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (code.find()) {
            code.appendReplacement(out, Matcher.quoteReplacement("{@code " + code.group(1) + "}"));
        }
        return code.appendTail(out).toString();
    }
}
