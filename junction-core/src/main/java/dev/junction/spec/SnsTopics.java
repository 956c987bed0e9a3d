package dev.junction.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The topics an {@code sns} webhook connection takes ({@link WebhookVendor#SNS}): ARNs, or patterns of them with {@code *}. */
public final class SnsTopics {
    private SnsTopics() {}

    /** A topic of {@code sns}: {@code arn:PARTITION:sns:REGION:ACCOUNT:NAME}, {@code *} matching any run of characters but {@code :}. */
    private static final Pattern SNS_TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9*-]+:([0-9*]+):[A-Za-z0-9_*.-]+");

    /**
     * What is wrong with an sns topic ARN (or pattern), or null when it is one: the account must
     * be named, since any AWS account can make a topic and subscribe an endpoint to it.
     */
    public static String problem(String topic) {
        Matcher arn = SNS_TOPIC.matcher(topic.strip());
        if (!arn.matches()) {
            return "expected the ARN of an SNS topic such as arn:aws:sns:us-east-1:123456789012:orders ('*' matches any run of characters"
                    + " within a part), found '" + topic + "'";
        }
        if (arn.group(1).contains("*")) {
            return "the account of a topic must be named, not matched with '*': any AWS account can create a topic and subscribe this"
                    + " endpoint to it; found '" + topic + "'";
        }
        return null;
    }

    /** Whether {@code topicArn} is the topic {@code pattern} names ({@code *}: any run of characters but {@code :}). */
    public static boolean matches(String pattern, String topicArn) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.strip().split("\\*", -1)) {
            regex.append(regex.isEmpty() ? "" : "[^:]*").append(Pattern.quote(part));
        }
        return topicArn.matches(regex.toString());
    }
}
