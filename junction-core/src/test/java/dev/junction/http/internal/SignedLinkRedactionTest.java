package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A signed link in a logged body — an export's download URL, a file's pre-signed address — is a credential for as long
 * as it lives: the secret-looking values of its query are hidden, however the body writes the link.
 */
class SignedLinkRedactionTest {
    private final Redactor redactor = new Redactor(List.of(), 64 * 1024);

    private String body(String text) {
        return redactor.body(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hidesTheSignatureCredentialAndSessionTokenOfAnS3PresignedLink() {
        String logged = body("{\"reportDocumentId\": \"amzn1.spdoc.1\", \"url\": \"https://tortuga-prod-eu.s3-eu-west-1.amazonaws.com/doc.txt"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261207T100000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=300"
                + "&X-Amz-Credential=AKIAEXAMPLE%2F20261207%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEMz"
                + "&X-Amz-Signature=9f2c0a7e\", \"compressionAlgorithm\": \"GZIP\"}");

        assertThat(logged).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Expires=300", "X-Amz-Credential=[redacted]",
                "X-Amz-Security-Token=[redacted]", "X-Amz-Signature=[redacted]\", \"compressionAlgorithm\": \"GZIP\"}");
        assertThat(logged).doesNotContain("AKIAEXAMPLE", "IQoJb3JpZ2luX2VjEMz", "9f2c0a7e");
    }

    @Test
    void findsTheLinkWhenJsonEscapesItsSlashesOrAmpersandsAndWhenXmlEscapesItsAmpersands() {
        assertThat(body("{\"url\":\"https:\\/\\/storage.googleapis.com\\/b\\/o.jsonl?X-Goog-Date=20261207\\u0026X-Goog-Signature=abcdef12\"}"))
                .isEqualTo("{\"url\":\"https:\\/\\/storage.googleapis.com\\/b\\/o.jsonl?X-Goog-Date=20261207\\u0026X-Goog-Signature=[redacted]\"}");
        assertThat(body("<Url>https://acct.blob.core.windows.net/c/f.csv?sv=2023-11-03&amp;se=2026-12-08&amp;sp=r&amp;sig=Zm9vYmFy%3D</Url>"))
                .isEqualTo("<Url>https://acct.blob.core.windows.net/c/f.csv?sv=2023-11-03&amp;se=2026-12-08&amp;sp=r&amp;sig=[redacted]</Url>");
    }

    @Test
    void leavesPagingLinksAndBodiesWithoutLinksAsTheyAre() {
        String paging = "{\"paging\": {\"next\": {\"after\": \"200\", \"link\": \"https://api.hubapi.com/crm/v3/objects/contacts?after=200&limit=100"
                + "&page_token=xyz\"}}}";
        assertThat(body(paging)).isEqualTo(paging);
        assertThat(body("grant_type=client_credentials&scope=read")).isEqualTo("grant_type=client_credentials&scope=read");
    }

    @Test
    void aLinkCutByTheBodyLimitLeavesNoPartOfItsSignatureBehind() {
        Redactor small = new Redactor(List.of(), 80);
        String text = "{\"url\": \"https://storage.example/o.jsonl?X-Goog-Signature=" + "0123456789abcdef".repeat(8) + "\"}";

        String logged = small.body(text.getBytes(StandardCharsets.UTF_8));

        assertThat(logged).startsWith("{\"url\": \"https://storage.example/o.jsonl?X-Goog-Signature=[redacted]").doesNotContain("0123456789");
    }
}
