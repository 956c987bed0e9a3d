package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.StoreException;
import dev.junction.store.StoredToken;
import dev.junction.store.TokenRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** API tokens: created, found by id and by secret hash, listed, revoked, use recorded. Mixed into {@link AbstractStoreContractTest}. */
interface TokenContract extends StoreContract {
    String HASH_A = "a".repeat(64);
    String HASH_B = "b".repeat(64);

    private TokenRepository tokens() {
        return store().tokens();
    }

    private static StoredToken token(String id, String tenant) {
        return new StoredToken(id, "ci deploys", "editor", tenant, T0, "local:ann", null, null, null);
    }

    @Test
    default void aCreatedTokenIsFoundByIdAndBySecretHashWithAllItsFields() {
        StoredToken token = new StoredToken("tok_0123456789", "support", "viewer", "acme", T0, "tok_admin00001", at(5), at(3600), null);
        tokens().create(token, HASH_A);

        assertThat(tokens().find("tok_0123456789")).contains(token);
        assertThat(tokens().findBySecretHash(HASH_A)).contains(token);
        assertThat(tokens().findBySecretHash(HASH_B)).isEmpty();
        assertThat(tokens().find("tok_unknown000")).isEmpty();
    }

    @Test
    default void theSecretHashIsFoundThroughAUniqueIndex() throws Exception {
        tokens().create(token("tok_a", null), HASH_A);

        assertThatThrownBy(() -> tokens().create(token("tok_b", null), HASH_A))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not create token tok_b: ");
        try (Connection c = rawConnection();
                PreparedStatement indexes = c.prepareStatement("select count(*) from information_schema.table_constraints"
                        + " where lower(table_name) = 'api_tokens' and lower(constraint_name) = 'api_tokens_secret_hash_uq' and constraint_type = 'UNIQUE'");
                ResultSet count = indexes.executeQuery()) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    default void tokensAreListedOldestFirstRevokedOnesToo() {
        tokens().create(new StoredToken("tok_c", null, "admin", null, at(2), "local:ann", null, null, null), "c".repeat(64));
        tokens().create(new StoredToken("tok_a", null, "admin", null, at(1), "local:ann", null, null, null), HASH_A);
        tokens().create(new StoredToken("tok_b", null, "admin", null, at(1), "local:ann", null, null, null), HASH_B);
        tokens().revoke("tok_c", at(3));

        assertThat(tokens().list()).extracting(StoredToken::id).containsExactly("tok_a", "tok_b", "tok_c");
    }

    @Test
    default void aTokenIsRevokedOnceAndKeepsItsFirstRevocationTime() {
        tokens().create(token("tok_a", null), HASH_A);

        assertThat(tokens().revoke("tok_a", at(10))).isTrue();
        assertThat(tokens().revoke("tok_a", at(20))).isFalse();
        assertThat(tokens().revoke("tok_unknown", at(20))).isFalse();
        assertThat(tokens().findBySecretHash(HASH_A)).map(StoredToken::revokedAt).contains(at(10));
    }

    @Test
    default void aTokensUseIsWrittenOnlyWhenNotWrittenSinceTheGivenTime() {
        tokens().create(token("tok_a", "acme"), HASH_A);

        assertThat(tokens().markUsed("tok_a", at(100), at(40))).isTrue();
        assertThat(tokens().markUsed("tok_a", at(130), at(70))).isFalse();
        assertThat(tokens().find("tok_a")).map(StoredToken::lastUsedAt).contains(at(100));
        assertThat(tokens().markUsed("tok_a", at(161), at(101))).isTrue();
        assertThat(tokens().find("tok_a")).map(StoredToken::lastUsedAt).contains(at(161));
        assertThat(tokens().markUsed("tok_unknown", at(161), at(101))).isFalse();
    }
}
