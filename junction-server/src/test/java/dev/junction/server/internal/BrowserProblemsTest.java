package dev.junction.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.ApiProblem;
import org.junit.jupiter.api.Test;

/** The HTML page a browser gets for an error on the connect routes: every text escaped, and the codes a product reads. */
class BrowserProblemsTest {
    @Test
    void thePageEscapesTheTitleAndTheDetail() {
        String page = BrowserProblems.page(new ApiProblem.BadRequest("'config.x' is not a field of <b>this</b> page & \"that\"."));

        assertThat(page).contains("<p>&#39;config.x&#39; is not a field of &lt;b&gt;this&lt;/b&gt; page &amp; &quot;that&quot;.</p>")
                .doesNotContain("<b>");
    }

    @Test
    void eachKindOfProblemHasTheCodeAProductReads() {
        assertThat(BrowserProblems.code(new ApiProblem.BadRequest("x"))).isEqualTo("invalid_request");
        assertThat(BrowserProblems.code(new ApiProblem.NotFound("x"))).isEqualTo("link_expired");
        assertThat(BrowserProblems.code(new ApiProblem.Conflict("x"))).isEqualTo("refused");
        assertThat(BrowserProblems.code(new ApiProblem(500, "internal-error", "Internal server error", "x"))).isEqualTo("server_error");
    }
}
