package dev.junction.webhook.internal;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider whose deliveries name the certificate they are signed with, and where that
 * certificate may come from: the only places its schemes fetch from, and the names its signing
 * certificate is issued to.
 *
 * <ul>
 *   <li>Amazon SNS: https on {@code sns.REGION.amazonaws.com} (or {@code .amazonaws.com.cn}), a
 *       {@code .pem} path; the certificate issued to the name Amazon's SDK for Java expects for
 *       that region (aws/aws-sdk-java-v2, {@code SnsHostProvider.signingCertCommonName}):
 *       {@code sns.amazonaws.com}, {@code sns-signing.REGION.amazonaws.com} in the opt-in regions,
 *       {@code sns-REGION.amazonaws.com.cn} in China, {@code sns-us-gov-west-1.amazonaws.com} in
 *       GovCloud.
 *   <li>PayPal: https on {@code api.paypal.com}, {@code api-m.paypal.com},
 *       {@code api.sandbox.paypal.com} or {@code api-m.sandbox.paypal.com}, a path under
 *       {@code /v1/notifications/certs/}; the certificate issued to
 *       {@code messageverificationcerts.paypal.com} (live) or
 *       {@code messageverificationcerts.sandbox.paypal.com}: the rule of PayPal's Java SDK
 *       ({@code SSLUtil.validateCertificateChain}: a CN starting {@code messageverificationcerts},
 *       ending {@code .paypal.com}).
 * </ul>
 */
public enum Provider {
    SNS("Amazon SNS", "an Amazon SNS address (https://sns.REGION.amazonaws.com/...)"),
    PAYPAL("PayPal", "a PayPal address (https://api.paypal.com/..., api-m.paypal.com, api.sandbox.paypal.com or api-m.sandbox.paypal.com)");

    private static final Pattern SNS_HOST = Pattern.compile("sns\\.([a-z0-9-]+)\\.(amazonaws\\.com(?:\\.cn)?)");
    private static final Set<String> PAYPAL_HOSTS = Set.of("api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com");
    private static final Pattern PAYPAL_SIGNER = Pattern.compile("messageverificationcerts(\\.[a-z0-9-]+)*\\.paypal\\.com");
    private static final String PAYPAL_CERTIFICATES = "/v1/notifications/certs/";

    private final String title;
    private final String address;

    Provider(String title, String address) {
        this.title = title;
        this.address = address;
    }

    /** Why {@code url} is not this provider's (https on port 443 of its hosts, no user info), or null when it is. */
    public String refusal(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean https = "https".equalsIgnoreCase(url.getScheme()) && url.getRawUserInfo() == null && (url.getPort() == -1 || url.getPort() == 443);
        boolean own = this == SNS ? SNS_HOST.matcher(host).matches() : PAYPAL_HOSTS.contains(host);
        return https && own ? null : "not " + address;
    }

    /**
     * Why {@code url}, allowed by {@link #refusal}, is not the address of a certificate, or null:
     * a query or a fragment (the URL is not signed, so variants of one would each be fetched and
     * kept), a path other than the provider's certificates'.
     */
    String certificatePathProblem(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        boolean own = this == SNS ? path.endsWith(".pem") : path.startsWith(PAYPAL_CERTIFICATES) && path.length() > PAYPAL_CERTIFICATES.length();
        if (url.getRawQuery() == null && url.getRawFragment() == null && own) {
            return null;
        }
        return "not the address of a certificate (" + (this == SNS ? "a .pem path" : "a path under " + PAYPAL_CERTIFICATES) + ", no query)";
    }

    /** Whether {@code name} (a DNS name or CN of a certificate) is one the provider signs with, for a certificate fetched from {@code url}. */
    boolean signsAs(String name, URI url) {
        String n = name.toLowerCase(Locale.ROOT);
        return this == PAYPAL ? PAYPAL_SIGNER.matcher(n).matches() : snsSigners(url).contains(n);
    }

    /** The names this provider's signing certificates are issued to, as said in a refusal. */
    String signers(URI url) {
        return this == PAYPAL ? "messageverificationcerts.paypal.com or messageverificationcerts.sandbox.paypal.com" : String.join(" or ", snsSigners(url));
    }

    /** Amazon's names for the region of {@code url}'s host; {@code sns.amazonaws.com} alone for a test host. */
    private static Set<String> snsSigners(URI url) {
        Set<String> names = new LinkedHashSet<>();
        names.add("sns.amazonaws.com");
        Matcher host = SNS_HOST.matcher(url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT));
        if (host.matches()) {
            String region = host.group(1);
            String domain = host.group(2);
            names.add("sns." + domain);
            names.add("sns-" + region + "." + domain);
            names.add("sns-signing." + region + "." + domain);
            if (region.startsWith("us-gov-")) {
                names.add("sns-us-gov-west-1.amazonaws.com");
            }
        }
        return names;
    }

    public String title() {
        return title;
    }
}
