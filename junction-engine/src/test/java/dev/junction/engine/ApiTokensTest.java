package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.StoredToken;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API tokens against an in-memory H2 store. */
class ApiTokensTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");

    private final TestClock clock = new TestClock(T0);
    private JdbcStore store;
    private ApiTokens tokens;

    @BeforeEach
    void openStore() {
        store = JdbcStore.h2InMemory("api-tokens-" + UUID.randomUUID());
        tokens = new ApiTokens(store.tokens(), clock, new SecureRandom());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aCreatedTokensSecretAuthenticatesAsItsRoleAndTenant() {
        CreatedToken created = tokens.create(Role.EDITOR, "acme", "ci deploys", null, "local:ann");

        assertThat(tokens.authenticate(created.secret())).contains(new Principal(created.token().id(), Role.EDITOR, "acme"));
        assertThat(created.token()).isEqualTo(new StoredToken(created.token().id(), "ci deploys", "editor", "acme", T0, "local:ann", null, null, null));
        assertThat(tokens.find(created.token().id())).map(StoredToken::role).contains("editor");
    }

    @Test
    void aSecretIsJctAndThirtyTwoBase64UrlBytesAndAnIdIsTokAndTenCharacters() {
        CreatedToken a = tokens.create(Role.ADMIN, null, null, null, "local:ann");
        CreatedToken b = tokens.create(Role.ADMIN, null, null, null, "local:ann");

        assertThat(a.secret()).matches("jct_[A-Za-z0-9_-]{43}");
        assertThat(java.util.Base64.getUrlDecoder().decode(a.secret().substring(4))).hasSize(32);
        assertThat(a.token().id()).matches("tok_[0-9a-z]{10}");
        assertThat(a.secret()).isNotEqualTo(b.secret());
        assertThat(a.token().id()).isNotEqualTo(b.token().id());
    }

    @Test
    void theStoredRowHoldsTheSecretsSha256AndNeverTheSecret() throws Exception {
        CreatedToken created = tokens.create(Role.VIEWER, null, "dashboards", null, "local:ann");
        String randomPart = created.secret().substring("jct_".length());

        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(store.jdbcUrl(), "sa", "");
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("select * from api_tokens")) {
            ResultSetMetaData columns = row.getMetaData();
            assertThat(row.next()).isTrue();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                values.add(String.valueOf(row.getString(i)));
            }
            assertThat(row.getString("secret_hash")).isEqualTo(sha256(created.secret()));
        }
        assertThat(values).noneMatch(value -> value.contains(randomPart));
        assertThat(tokens.list().toString()).doesNotContain(randomPart).doesNotContain(sha256(created.secret()));
        assertThat(created.toString()).doesNotContain(randomPart);
    }

    @Test
    void aRevokedTokenDoesNotAuthenticate() {
        CreatedToken created = tokens.create(Role.ADMIN, null, null, null, "local:ann");
        clock.advance(Duration.ofSeconds(5));

        assertThat(tokens.revoke(created.token().id())).isTrue();

        assertThat(tokens.authenticate(created.secret())).isEmpty();
        assertThat(tokens.find(created.token().id())).map(StoredToken::revokedAt).contains(T0.plusSeconds(5));
        assertThat(tokens.revoke(created.token().id())).isFalse();
    }

    @Test
    void anExpiredTokenDoesNotAuthenticateFromItsExpiryOn() {
        CreatedToken created = tokens.create(Role.ADMIN, null, null, T0.plus(Duration.ofHours(1)), "local:ann");

        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.authenticate(created.secret())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.authenticate(created.secret())).isEmpty();
    }

    @Test
    void aSecretThatWasNeverIssuedOrIsMalformedDoesNotAuthenticate() {
        CreatedToken created = tokens.create(Role.ADMIN, null, null, null, "local:ann");
        String secret = created.secret();
        char last = secret.charAt(secret.length() - 1);
        String tampered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');

        for (String bearer : new String[] {null, "", "jct_", tampered, "Bearer " + secret, secret + " ", secret.substring(4), "jct_" + "!".repeat(43)}) {
            assertThat(tokens.authenticate(bearer)).as("bearer %s", bearer).isEmpty();
        }
    }

    @Test
    void aTokensLastUseIsWrittenAtMostOnceAMinute() {
        CreatedToken created = tokens.create(Role.VIEWER, null, null, null, "local:ann");
        String id = created.token().id();
        assertThat(tokens.find(id)).map(StoredToken::lastUsedAt).isEmpty();

        tokens.authenticate(created.secret());
        assertThat(tokens.find(id).orElseThrow().lastUsedAt()).isEqualTo(T0);

        clock.advance(Duration.ofSeconds(59));
        tokens.authenticate(created.secret());
        assertThat(tokens.find(id).orElseThrow().lastUsedAt()).isEqualTo(T0);

        clock.advance(Duration.ofSeconds(2));
        tokens.authenticate(created.secret());
        assertThat(tokens.find(id).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void tokensAreListedOldestFirstWithRevokedOnes() {
        CreatedToken first = tokens.create(Role.ADMIN, null, "first", null, "local:ann");
        clock.advance(Duration.ofSeconds(1));
        CreatedToken second = tokens.create(Role.VIEWER, "acme", "second", null, first.token().id());
        tokens.revoke(first.token().id());

        assertThat(tokens.list()).extracting(StoredToken::name, StoredToken::createdBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("first", "local:ann"),
                        org.assertj.core.groups.Tuple.tuple("second", first.token().id()));
        assertThat(second.token().tenant()).isEqualTo("acme");
    }

    @Test
    void aTokenThatWouldExpireNowOrEarlierIsRefused() {
        assertThatThrownBy(() -> tokens.create(Role.ADMIN, null, null, T0, "local:ann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("create token: it would expire at 2026-05-04T10:15:30Z, which is not after now (2026-05-04T10:15:30Z);"
                        + " give a time in the future, or none for a token that does not expire");
        assertThat(tokens.list()).isEmpty();
    }

    @Test
    void aBlankTenantOrAMissingCreatorIsRefused() {
        assertThatThrownBy(() -> tokens.create(Role.ADMIN, " ", null, null, "local:ann"))
                .hasMessage("create token: tenant ' ' must not be blank or start or end with spaces; leave it out for a token of every tenant");
        assertThatThrownBy(() -> tokens.create(Role.ADMIN, null, null, null, ""))
                .hasMessage("create token: createdBy must name who creates it (a token id or local:<os user>)");
    }

    @Test
    void aStoredTokenWithARoleThisVersionDoesNotKnowFailsLoudlyInsteadOfAuthenticating() throws Exception {
        store.tokens().create(new StoredToken("tok_owner00000", null, "owner", null, T0, "local:ann", null, null, null), sha256("jct_" + "x".repeat(43)));

        assertThatThrownBy(() -> tokens.authenticate("jct_" + "x".repeat(43)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("token tok_owner00000 has the role 'owner' in the store, which this version of Junction does not know:"
                        + " revoke it and create a new one");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
