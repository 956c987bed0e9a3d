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
            """)
    void hidesValuesOfSecretNames(String name, String text, String expected) {
        assertThat(Redactor.secretsByName(text)).isEqualTo(expected);
    }
}
