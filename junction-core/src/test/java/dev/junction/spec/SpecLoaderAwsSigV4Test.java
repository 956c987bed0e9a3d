package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code auth: { type: aws-sigv4 }} at load time: what it reads, and every mistake reported where it is. */
class SpecLoaderAwsSigV4Test {
    private static final String HEAD = """
            kind: Connector
            name: aws
            baseUrl: https://abc123.execute-api.eu-west-1.amazonaws.com/prod
            config: { region: { default: eu-west-1 } }
            secrets: { accessKeyId: {}, secretAccessKey: {}, sessionToken: { required: false } }
            """;

    private static List<String> problems(String auth) {
        return new SpecLoader().loadTexts(List.of(new SourceText("aws.yaml", HEAD + auth))).problems().stream().map(Object::toString).toList();
    }

    @Test
    void readsKeysRegionAndServiceAndShowsNoSecretInItsText() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("aws.yaml", HEAD + """
                auth:
                  type: aws-sigv4
                  accessKeyId: "{{ secrets.accessKeyId }}"
                  secretAccessKey: "{{ secrets.secretAccessKey }}"
                  sessionToken: "{{ secrets.sessionToken }}"
                  region: "{{ config.region }}"
                  service: execute-api
                """)));

        assertThat(loaded.problems()).isEmpty();
        AuthSpec auth = loaded.connectors().get("aws").auth();
        assertThat(auth).isEqualTo(new AuthSpec.AwsSigV4("{{ secrets.accessKeyId }}", "{{ secrets.secretAccessKey }}", "{{ secrets.sessionToken }}",
                "{{ config.region }}", "execute-api"));
        assertThat(AuthSpec.isStatic(auth)).isTrue();
        assertThat(new AuthSpec.AwsSigV4("AKID", "s3cret-key", "t0ken", "us-east-1", "s3"))
                .hasToString("AwsSigV4[accessKeyId=AKID, region=us-east-1, service=s3]");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                argumentSet("missing keys", """
                        auth: { type: aws-sigv4, accessKeyId: "{{ secrets.accessKeyId }}" }
                        """, List.of(
                        "aws.yaml:6:1 auth: missing required key 'secretAccessKey'",
                        "aws.yaml:6:1 auth: missing required key 'region'",
                        "aws.yaml:6:1 auth: missing required key 'service'")),
                argumentSet("an unknown key, with the key meant", """
                        auth: { type: aws-sigv4, accessKeyId: AKIDEXAMPLE, secretAccessKey: "{{ secrets.secretAccessKey }}", regoin: us-east-1, service: s3 }
                        """, List.of(
                        "aws.yaml:6:1 auth: missing required key 'region'",
                        "aws.yaml:6:102 auth.regoin: unknown key; did you mean 'region'? (allowed: type, accessKeyId, secretAccessKey, sessionToken, region, service, assumeRole)")),
                argumentSet("the secret key and the session token as literal text or config", """
                        auth:
                          type: aws-sigv4
                          accessKeyId: AKIDEXAMPLE
                          secretAccessKey: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
                          sessionToken: "{{ config.region }}"
                          region: us-east-1
                          service: s3
                        """, List.of(
                        "aws.yaml:9:20 auth.secretAccessKey: expected a reference to a declared secret such as \"{{ secrets.secretAccessKey }}\", found"
                                + " 'literal text'; credentials come from each connection's secrets, never from the connector",
                        "aws.yaml:10:17 auth.sessionToken: expected a reference to a declared secret such as \"{{ secrets.sessionToken }}\", found"
                                + " '{{ config.region }}'; credentials come from each connection's secrets, never from the connector")),
                argumentSet("a region and a service that are no AWS names, blank or secret", """
                        auth:
                          type: aws-sigv4
                          accessKeyId: "{{ secrets.accessKeyId }}"
                          secretAccessKey: "{{ secrets.secretAccessKey }}"
                          region: Europe (Paris)
                          service: " "
                        ---
                        kind: Connector
                        name: aws2
                        baseUrl: https://s3.example.com
                        secrets: { key: {} }
                        auth: { type: aws-sigv4, accessKeyId: "{{ secrets.key }}", secretAccessKey: "{{ secrets.key }}", region: "{{ secrets.key }}", service: S3 }
                        """, List.of(
                        "aws.yaml:10:11 auth.region: expected an AWS region such as us-east-1 (auto for Cloudflare R2), found 'Europe (Paris)'",
                        "aws.yaml:11:12 auth.service: expected a non-empty string, found ' '",
                        "aws.yaml:17:106 auth.region: secret 'secrets.key' cannot be used here; secrets may appear only in auth and headers, so that they never show up in logged URLs",
                        "aws.yaml:17:136 auth.service: expected the service's signing name such as execute-api, s3 or es, found 'S3'")));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void reportsEachMistakeWhereItIs(String auth, List<String> expected) {
        assertThat(problems(auth)).containsExactlyElementsOf(expected);
    }
}
