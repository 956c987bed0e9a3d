package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Secrets learned at run time (OAuth tokens) are hidden like the configured ones. */
class AddedSecretsTest {
    @Property(tries = 300)
    void aTokenAddedAtRunTimeNeverShowsInABodyAHeaderOrAUrl(
            @ForAll @StringLength(min = 4, max = 60) @CharRange(from = 'A', to = 'Z') @CharRange(from = '0', to = '9')
            @CharRange(from = '+', to = '/') String token,
            @ForAll @StringLength(max = 40) String before,
            @ForAll @StringLength(max = 40) String after) {
        Redactor redactor = new Redactor(List.of(), 1024 * 1024);
        redactor.addSecret(token);

        String body = redactor.body(("{\"x\":\"" + before + "\",\"access_token\":\"" + token + "\",\"y\":\"" + after + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        var headers = redactor.headers(Map.of("X-Echo", List.of(before + token + after)));
        String url = redactor.url(URI.create("http://127.0.0.1/cb?state=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)));

        assertThat(body).doesNotContain(token);
        assertThat(headers.get("X-Echo").getFirst()).doesNotContain(token);
        assertThat(url).doesNotContain(token).doesNotContain(java.net.URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheMostRecentAddedSecretsOnly() {
        Redactor redactor = new Redactor(List.of("CONFIGURED-SECRET"), 1024);
        for (int i = 0; i <= Redactor.MAX_ADDED_SECRETS; i++) {
            redactor.addSecret("TOKEN-" + i + "-XYZ");
        }

        assertThat(redactor.text("TOKEN-0-XYZ TOKEN-1-XYZ TOKEN-" + Redactor.MAX_ADDED_SECRETS + "-XYZ CONFIGURED-SECRET"))
                .isEqualTo("TOKEN-0-XYZ [redacted] [redacted] [redacted]");
    }
}
