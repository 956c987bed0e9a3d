package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoleTest {
    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
        "ADMIN,  ADMIN,  true",
        "ADMIN,  EDITOR, true",
        "ADMIN,  VIEWER, true",
        "EDITOR, ADMIN,  false",
        "EDITOR, EDITOR, true",
        "EDITOR, VIEWER, true",
        "VIEWER, ADMIN,  false",
        "VIEWER, EDITOR, false",
        "VIEWER, VIEWER, true",
    })
    void eachRoleAllowsItselfAndTheRolesBelowIt(Role role, Role needed, boolean allowed) {
        assertThat(role.allows(needed)).isEqualTo(allowed);
        assertThat(new Principal("tok_a", role, null).allows(needed)).isEqualTo(allowed);
    }

    @Test
    void rolesAreReadInAnyCaseAndAnUnknownOneIsNamedWithTheChoices() {
        assertThat(Role.parse("Editor")).isEqualTo(Role.EDITOR);
        assertThat(Role.VIEWER.wireName()).isEqualTo("viewer");
        assertThatThrownBy(() -> Role.parse("owner")).hasMessage("unknown role 'owner': expected admin, editor or viewer");
    }

    @Test
    void aLocalCommandsCallerIsAnAdminOfEveryTenantNamedAfterItsUser() {
        Principal local = Principal.local("ann");

        assertThat(local).isEqualTo(new Principal("local:ann", Role.ADMIN, null));
        assertThat(local.isLocal()).isTrue();
        assertThat(new Principal("tok_a", Role.ADMIN, null).isLocal()).isFalse();
    }
}
