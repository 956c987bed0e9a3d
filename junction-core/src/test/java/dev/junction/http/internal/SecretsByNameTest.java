package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Log lines: values after secret-looking names and scheme credentials are hidden, the rest is left as it was. */
class SecretsByNameTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            query parameter            | GET /a?access_token=abc123&page=2               | GET /a?access_token=[redacted]&page=2
            header                     | Authorization: Bearer abc.def.ghi               | Authorization: Bearer [redacted]
            basic credentials          | sent Basic dXNlcjpwYXNz                         | sent Basic [redacted]
            JSON field                 | body {"client_secret":"s3cr3t","id":7}          | body {"client_secret":"[redacted]","id":7}
            YAML-ish                   | password: hunter22                              | password: [redacted]
            idempotency key is kept    | Idempotency-Key: run-1-batch-2                  | Idempotency-Key: run-1-batch-2
            plain text is kept         | Run r1 of sync 'a' ended succeeded: read 10     | Run r1 of sync 'a' ended succeeded: read 10
            a URL's scheme is no name  | POST https://api.test/v1/things?limit=5         | POST https://api.test/v1/things?limit=5
            name inside a longer name  | my_api_key=abc x.refresh_token: def             | my_api_key=[redacted] x.refresh_token: [redacted]
            quoted name                | {'secret': 'x', "token" : "y"}                  | {'secret': '[redacted]', "token" : "[redacted]"}
            """)
    void hidesValuesOfSecretNames(String name, String text, String expected) {
        assertThat(Redactor.secretsByName(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is secret")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "api_key",
        "apiKey", "apikey", "key", "access_token", "accessToken", "accesstoken", "refresh_token", "client_secret", "clientSecret", "password",
        "db_pass", "X-Auth-Token", "x-amz-security-token", "X-Amz-Signature", "sig", "session_id", "JSESSIONID", "client_assertion",
        "external_api_key", "private_key", "X-Hub-Signature-256", "authenticationToken", "PHPSESSID"})
    void theseNamesAreSecret(String name) {
        assertThat(Redactor.isSecretName(name)).isTrue();
    }

    @ParameterizedTest(name = "{0} is not secret")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"author", "authors", "authority", "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Headers", "pageToken", "nextPageToken", "next_page_token", "continuationToken", "syncToken", "page_token",
        "Idempotency-Key", "primary_key", "sort_key", "partition-key", "public_key", "keyword", "monkey", "cursor", "limit", "bypass",
        "X-RateLimit-Remaining"})
    void theseNamesAreNot(String name) {
        assertThat(Redactor.isSecretName(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aPagingUrlStaysReadable() {
        assertThat(Redactor.secretsByName("GET /v1/books?author=tolkien&pageToken=CAoQAA&access_token=abc"))
                .isEqualTo("GET /v1/books?author=tolkien&pageToken=CAoQAA&access_token=[redacted]");
    }

    @org.junit.jupiter.api.Test
    void aLongLineIsLeftAsItWasOrHidesTheSecretAtItsEnd() {
        // a long run of name characters (a base64 blob, a long identifier) once took time quadratic in its length
        String blob = "a1b2c3d4-".repeat(20_000);

        assertThat(Redactor.secretsByName(blob)).isEqualTo(blob);
        assertThat(Redactor.secretsByName(blob + " api_key=s3cr3t")).isEqualTo(blob + " api_key=[redacted]");
        assertThat(Redactor.secretsByName("x".repeat(50_000) + "token=abc")).isEqualTo("x".repeat(50_000) + "token=[redacted]");
    }
}
