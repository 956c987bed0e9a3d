package dev.junction.spec.internal;

import dev.junction.spec.SourceLocation;
import dev.junction.spec.SourceText;
import dev.junction.spec.Spec;

/**
 * One YAML document as read: its spec (possibly with null parts when it has problems, or null when
 * not even its kind could be read), where its name is written, and its problems so far.
 */
public record Draft(SourceText source, YamlDocuments.Document document, Fields root, Spec spec, SourceLocation nameLocation, Problems problems) {

    /** Reads the kind of {@code document} and hands it to the reader of that kind. */
    public static Draft read(SourceText source, YamlDocuments.Document document) {
        Problems problems = document.problems();
        YamlNode node = document.root();
        if (node == null) {
            return new Draft(source, document, null, null, null, problems);
        }
        if (!(node instanceof YamlNode.Mapping)) {
            problems.add(node.location(), "", "expected a mapping with kind: Connector, Connection, Sync, Flow, Alert or AlertChannel, found " + node.describe());
            return new Draft(source, document, null, null, null, problems);
        }
        Fields root = Fields.of(node, "", node.location(), problems);
        String kind = root.oneOf("kind", Schema.KINDS, null);
        if (kind == null) {
            return new Draft(source, document, root, null, null, problems);
        }
        SourceLocation location = node.location();
        Spec spec = switch (kind) {
            case "Connector" -> ConnectorReader.read(root, location);
            case "Connection" -> ConnectionReader.read(root, location, source.managed());
            case "Flow" -> FlowReader.read(root, location);
            case "Alert" -> AlertReader.read(root, location);
            case "AlertChannel" -> AlertReader.readChannel(root, location);
            default -> SyncReader.read(root, location);
        };
        YamlNode name = root.node("name");
        return new Draft(source, document, root, spec, name == null ? location : name.location(), problems);
    }
}
