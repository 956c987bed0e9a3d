package dev.junction.server.console;

/** Addresses of a sync's console pages and forms, the name URL-encoded as {@link Links} does; {@code tenant} (may be null) narrows them to one tenant. */
public final class SyncLinks {
    private SyncLinks() {}

    public static String sync(String name) {
        return "/console/syncs/" + Links.segment(name);
    }

    public static String sync(String name, String tenant) {
        return sync(name) + tenantQuery(tenant);
    }

    /** A form's action under the sync, e.g. {@code run} or {@code schedule/pause}, for {@code tenant} (null: none). */
    public static String action(String name, String action, String tenant) {
        return sync(name) + "/" + action + tenantQuery(tenant);
    }

    public static String mapping(String name) {
        return sync(name) + "/mapping";
    }

    public static String mapping(String name, String tenant) {
        return mapping(name) + tenantQuery(tenant);
    }

    public static String version(String name, int version) {
        return sync(name) + "/versions/" + version;
    }

    /** The YAML download of the current version (0) or of one version. */
    public static String export(String name, int version) {
        return sync(name) + "/export" + (version > 0 ? "?version=" + version : "");
    }

    private static String tenantQuery(String tenant) {
        return tenant == null ? "" : "?tenant=" + Links.segment(tenant);
    }
}
