package dev.junction.connector.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads RFC 8288 {@code Link} headers: {@code <https://api/x?page=2>; rel="next", <...>; rel="last"}. */
public final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+=(?:\"[^\"]*\"|[^;,]*))*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^;,\\s]+))", Pattern.CASE_INSENSITIVE);

    private LinkHeader() {}

    /** The target of the first link whose rel (a space-separated list) contains {@code rel}, or null. */
    public static String find(List<String> headerValues, String rel) {
        for (String value : headerValues) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher relation = REL.matcher(link.group(2));
                while (relation.find()) {
                    String rels = relation.group(1) != null ? relation.group(1) : relation.group(2);
                    for (String one : rels.strip().split("\\s+")) {
                        if (one.toLowerCase(Locale.ROOT).equals(rel)) {
                            return link.group(1).strip();
                        }
                    }
                }
            }
        }
        return null;
    }
}
