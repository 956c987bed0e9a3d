package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.TestPeers.RecordingSleeper;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider's own error code and details, read from the common error shapes and quoted, against WireMock. */
class ProviderErrorCodesTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void closePipelines() {
        pipelines.forEach(HttpPipeline::close);
    }

    private ApiError failed(int status, String contentType, String body) {
        return failed(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body));
    }

    private ApiError failed(ResponseDefinitionBuilder answer) {
        server.stubFor(get("/contacts").willReturn(answer));
        var options = PipelineOptions.builder().sleeper(new RecordingSleeper()).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).retry(new RetrySpec(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .secretValues(Set.of("tok-s3cret-99")).build();
        pipelines.add(pipeline);
        return catchThrowableOfType(ApiException.class,
                () -> pipeline.execute(HttpRequest.get(URI.create(server.baseUrl() + "/contacts")), new CallContext("run-1", "crm", "contacts", List.of(), false)))
                .error();
    }

    private static String request() {
        return "GET " + server.baseUrl() + "/contacts";
    }

    @Test
    void aProblemJsonValidationListIsSummarisedInsteadOfReplacedByTheGenericDetail() {
        ApiError error = failed(422, "application/problem+json", """
                {"type": "https://api.example/problems/validation", "title": "Validation failed", "status": 422,
                 "detail": "The request body is invalid",
                 "validation": [{"field": "email", "message": "must be an email address"}, {"field": "age", "message": "must be at least 0"}]}""");

        assertThat(error.providerCode()).isEqualTo("https://api.example/problems/validation");
        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.code()).isEqualTo("http_422");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 422: problem https://api.example/problems/validation: Validation failed: "
                + "The request body is invalid; email: must be an email address; age: must be at least 0");
    }

    @Test
    void aProblemWithoutATypeIsCodedByItsTitleAndListsItsInvalidParams() {
        ApiError error = failed(400, "application/problem+json", """
                {"title": "Your request parameters didn't validate.",
                 "invalid-params": [{"name": "age", "reason": "must be a positive integer"}, {"name": "color", "reason": "must be 'green', 'red' or 'blue'"}]}""");

        assertThat(error.providerCode()).isEqualTo("Your request parameters didn't validate.");
        assertThat(error.message()).endsWith(": problem Your request parameters didn't validate.: "
                + "age: must be a positive integer; color: must be 'green', 'red' or 'blue'");
    }

    @Test
    void aCodeBesideTheMessageIsQuoted() {
        ApiError error = failed(400, "application/json", "{\"error\": {\"code\": \"INVALID_ARGUMENT\", \"message\": \"limit must be at most 100\"}}");

        assertThat(error.providerCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 400: error INVALID_ARGUMENT: limit must be at most 100");
    }

    @Test
    void theFirstOfSeveralErrorsGivesTheCodeAndAllAreListed() {
        ApiError error = failed(400, "application/json", """
                {"errors": [{"code": "invalid", "field": "email", "message": "is not an email"},
                            {"code": "missing", "field": "name", "message": "is required"}]}""");

        assertThat(error.providerCode()).isEqualTo("invalid");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 400: error invalid: email: is not an email; name: is required");
    }

    @Test
    void anOAuthErrorIsCodedByItsErrorField() {
        ApiError error = failed(401, "application/json", "{\"error\": \"invalid_token\", \"error_description\": \"The access token expired\"}");

        assertThat(error.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(error.providerCode()).isEqualTo("invalid_token");
        assertThat(error.message()).startsWith(request() + " was refused with HTTP 401: error invalid_token: The access token expired; check the credentials");
    }

    @Test
    void anS3XmlErrorIsCodedByItsCodeElement() {
        ApiError error = failed(403, "application/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message>\
                <AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId><RequestId>4442587FB7D0A2F9</RequestId></Error>""");

        assertThat(error.providerCode()).isEqualTo("InvalidAccessKeyId");
        assertThat(error.message()).startsWith(request() + " was refused with HTTP 403: error InvalidAccessKeyId: The AWS Access Key Id you provided"
                + " does not exist in our records.; check the credentials");
    }

    @Test
    void anAwsQueryXmlErrorIsCodedByTheCodeOfItsErrorElement() {
        ApiError error = failed(403, "text/xml", """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>
                  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
                </ErrorResponse>""");

        assertThat(error.providerCode()).isEqualTo("InvalidClientTokenId");
        assertThat(error.message()).contains(": error InvalidClientTokenId: The security token included in the request is invalid.;");
    }

    @Test
    void anAwsJsonErrorIsCodedByItsTypeWithoutTheNamespace() {
        ApiError error = failed(400, "application/x-amz-json-1.0",
                "{\"__type\": \"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\", \"message\": \"Requested resource not found\"}");

        assertThat(error.providerCode()).isEqualTo("ResourceNotFoundException");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 400: error ResourceNotFoundException: Requested resource not found");
    }

    @Test
    void theAwsErrorTypeHeaderGivesTheCodeWithoutItsUrl() {
        ApiError error = failed(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
                .withBody("{\"Message\": \"The security token included in the request is invalid.\"}"));

        assertThat(error.providerCode()).isEqualTo("UnrecognizedClientException");
        assertThat(error.message()).contains(": error UnrecognizedClientException: The security token included in the request is invalid.;");
    }

    @Test
    void anOAuthProblemInTheChallengeIsTheCodeWithItsAdvice() {
        ApiError error = failed(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withHeader("WWW-Authenticate", "OAuth realm=\"https://api.example\", oauth_problem=\"token_rejected\", oauth_problem_advice=\"Connect%20again\"")
                .withBody("{\"code\": 89, \"message\": \"Invalid or expired token\"}"));

        assertThat(error.providerCode()).as("the report, rather than the body's own code").isEqualTo("token_rejected");
        assertThat(error.message()).startsWith(request() + " was refused with HTTP 401: OAuth problem token_rejected: Connect again; check the credentials");
    }

    @Test
    void anOAuthProblemInAFormBodyIsTheCode() {
        ApiError error = failed(401, "application/x-www-form-urlencoded", "oauth_problem=nonce_used&oauth_problem_advice=send+it+again");

        assertThat(error.providerCode()).isEqualTo("nonce_used");
        assertThat(error.message()).contains(": OAuth problem nonce_used: send it again;");
    }

    @Test
    void aCodeThatOnlyRepeatsTheStatusGivesWayToTheNamedOne() {
        ApiError error = failed(400, "application/json",
                "{\"error\": {\"code\": 400, \"message\": \"Invalid value at 'limit'\", \"status\": \"INVALID_ARGUMENT\"}}");

        assertThat(error.providerCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 400: error INVALID_ARGUMENT: Invalid value at 'limit'");
    }

    @Test
    void aTextErrorBesideAMessageIsItsCode() {
        ApiError error = failed(404, "application/json", "{\"error\": \"not_found\", \"message\": \"no contact 7\"}");

        assertThat(error.providerCode()).isEqualTo("not_found");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 404: error not_found: no contact 7");
    }

    @Test
    void aRetryableFailureKeepsItsCodeAfterTheRetriesRunOut() {
        ApiError error = failed(503, "application/json", "{\"code\": 1003, \"message\": \"maintenance\"}");

        assertThat(error.category()).isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(error.providerCode()).isEqualTo("1003");
        assertThat(error.message()).contains(": error 1003: maintenance");
    }

    @Test
    void aSecretInTheCodeOrDetailsIsRedacted() {
        ApiError error = failed(400, "application/json", "{\"error\": {\"code\": \"bad_token_tok-s3cret-99\", \"message\": \"token tok-s3cret-99 unknown\"}}");

        assertThat(error.providerCode()).isEqualTo("bad_token_[redacted]");
        assertThat(error.message()).doesNotContain("tok-s3cret-99").contains("error bad_token_[redacted]: token [redacted] unknown");
    }

    @Test
    void aBodyWithoutACodeKeepsThePlainMessage() {
        ApiError error = failed(400, "application/json", "{\"message\": \"limit is too large\"}");

        assertThat(error.providerCode()).isNull();
        assertThat(error.shownCode()).isEqualTo("http_400");
        assertThat(error.message()).isEqualTo(request() + " failed with HTTP 400: limit is too large");
    }
}
