package dev.junction.spec.internal;

import dev.junction.spec.SyncSpec;
import java.util.Locale;

/**
 * Reads the {@code mode: mirror} keys of a sync's destination: {@code delete} (hard or soft),
 * {@code deleteAction}, {@code softDelete: { field, value }} and {@code maxDeletePercent}. They are
 * refused with any other mode, and mirror is refused with an incremental read (records it does not
 * read are not gone).
 */
final class MirrorReader {
    private MirrorReader() {}

    /** The mirror settings, or null when the mode is not mirror (reporting any mirror key given anyway). */
    static SyncSpec.Mirror read(Fields d, SyncSpec.WriteMode mode, SyncSpec.ReadMode readMode) {
        if (mode != SyncSpec.WriteMode.MIRROR) {
            for (String key : Schema.MIRROR_KEYS) {
                if (d.has(key)) {
                    d.problem(key, "only used with mode: mirror (the mode is " + (mode == null ? "not valid" : mode.name().toLowerCase(Locale.ROOT)) + ")");
                }
            }
            return null;
        }
        if (readMode == SyncSpec.ReadMode.INCREMENTAL) {
            d.problem("mode", "mode mirror needs a full read (source.mode: full): an incremental read does not return the records that did not "
                    + "change, so it cannot tell which records are gone");
        }
        String kind = d.oneOf("delete", Schema.DELETE_KINDS, "hard");
        SyncSpec.DeleteKind delete = kind == null ? null : SyncSpec.DeleteKind.valueOf(kind.toUpperCase(Locale.ROOT));
        String deleteAction = d.string("deleteAction", false, null);
        if (delete == SyncSpec.DeleteKind.HARD && !d.has("deleteAction")) {
            d.missing("deleteAction", " (mode mirror deletes through it; or set delete: soft)");
            return null;
        }
        String softField = null;
        Object softValue = null;
        if (delete == SyncSpec.DeleteKind.SOFT) {
            if (!d.has("softDelete")) {
                d.missing("softDelete", " (delete: soft writes it, such as softDelete: { field: deleted, value: true })");
                return null;
            }
            Fields soft = d.fields("softDelete", true);
            if (soft == null) {
                return null;
            }
            soft.allow(Schema.SOFT_DELETE);
            softField = soft.string("field", true);
            YamlNode value = soft.required("value", true);
            if (softField == null || value == null) {
                return null;
            }
            softValue = MappingReader.toJava(value);
        } else if (d.has("softDelete")) {
            d.problem("softDelete", "only used with delete: soft (hard deletes call deleteAction with the key alone)");
        }
        Integer percent = maxDeletePercent(d);
        return delete == null || percent == null ? null : new SyncSpec.Mirror(delete, deleteAction, softField, softValue, percent);
    }

    /** A whole number from 0 to 100; 20 when absent. */
    private static Integer maxDeletePercent(Fields d) {
        YamlNode node = d.node("maxDeletePercent");
        if (node == null) {
            return SyncSpec.Mirror.DEFAULT_MAX_DELETE_PERCENT;
        }
        Integer value = node instanceof YamlNode.Scalar s ? Fields.asInt(s) : null;
        if (value == null || value < 0 || value > 100) {
            d.problem("maxDeletePercent", "expected a share of the known records from 0 to 100, found " + node.describe());
            return null;
        }
        return value;
    }
}
