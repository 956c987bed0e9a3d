package dev.junction.server;

import java.util.List;
import java.util.Locale;

/** Media types the API speaks besides JSON, and a small {@code Accept} negotiation for routes that answer in several. */
public final class MediaTypes {
    /** YAML (RFC 9512), first, and the names clients still send for it. */
    public static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    private MediaTypes() {}

    /**
     * Which of {@code offered} the {@code Accept} header prefers: the highest {@code q}, then the earlier
     * in {@code offered}; {@code type/*} and {@code *}{@code /*} match too. No header, or nothing acceptable:
     * the first offered (the API answers rather than refusing with 406).
     */
    public static String preferred(String accept, List<String> offered) {
        if (accept == null || accept.isBlank()) {
            return offered.get(0);
        }
        String best = offered.get(0);
        double bestQ = -1;
        for (String candidate : offered) {
            double q = quality(accept, candidate);
            if (q > bestQ) {
                best = candidate;
                bestQ = q;
            }
        }
        return bestQ > 0 ? best : offered.get(0);
    }

    /** The q of the most specific range of {@code accept} that matches {@code type}; 0 when none does. */
    private static double quality(String accept, String type) {
        double q = 0;
        int specificity = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].strip().toLowerCase(Locale.ROOT);
            int s = media.equals(type) ? 2 : media.equals(type.substring(0, type.indexOf('/')) + "/*") ? 1 : media.equals("*/*") ? 0 : -1;
            if (s > specificity) {
                specificity = s;
                q = q(parts);
            }
        }
        return q;
    }

    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(pair[1].strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
