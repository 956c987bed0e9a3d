package dev.junction.engine;

import java.util.Locale;

/**
 * What an API token may do. Each role includes the ones below it: an admin may do everything an
 * editor may, an editor everything a viewer may.
 */
public enum Role {
    /** Everything, including tokens and the audit log. */
    ADMIN,
    /** Reads and changes definitions, connections and runs. */
    EDITOR,
    /** Reads only. */
    VIEWER;

    /** Whether this role may do what {@code needed} may: {@code EDITOR.allows(VIEWER)} is true, {@code VIEWER.allows(EDITOR)} false. */
    public boolean allows(Role needed) {
        return ordinal() <= needed.ordinal();
    }

    /** {@code admin}, {@code editor} or {@code viewer}: how the role is written on the wire and in the store. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code text}, in any case.
     *
     * @throws EngineException.Invalid naming the roles there are
     */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return role;
            }
        }
        throw new EngineException.Invalid("unknown role '" + text + "': expected admin, editor or viewer");
    }
}
