package dev.junction.spec.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FlowSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks of a flow's {@code call} steps against the loaded connections and their connectors (after every document is read). */
final class FlowCallCheck {
    private FlowCallCheck() {}

    /** Each call's connection must be loaded and be a connector's, with the action or stream named. */
    static void crossCheck(Fields root, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors) {
        if (flow.steps() != null && root.node("steps") instanceof YamlNode.Sequence list) {
            crossCheck(root.problems(), flow.steps(), list, "steps", connections, connectors);
        }
    }

    private static void crossCheck(Problems problems, List<FlowSpec.Step> steps, YamlNode.Sequence list, String path,
            Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors) {
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            FlowSpec.Step step = steps.stream().filter(s -> s.location().equals(item.location())).findFirst().orElse(null);
            String at = path + "[" + i + "]";
            if (step instanceof FlowSpec.Call call) {
                checkCall(problems, call, YamlNode.at(item, "call"), at + ".call", connections, connectors);
            } else if (step instanceof FlowSpec.Branch branch) {
                if (YamlNode.at(item, "branch", "then") instanceof YamlNode.Sequence then) {
                    crossCheck(problems, branch.then(), then, at + ".branch.then", connections, connectors);
                }
                if (YamlNode.at(item, "branch", "else") instanceof YamlNode.Sequence otherwise) {
                    crossCheck(problems, branch.otherwise(), otherwise, at + ".branch.else", connections, connectors);
                }
            }
        }
    }

    private static void checkCall(Problems problems, FlowSpec.Call call, YamlNode node, String path, Map<String, ConnectionSpec> connections,
            Map<String, ConnectorSpec> connectors) {
        if (call.connection() == null) {
            return;
        }
        ConnectionSpec connection = connections.get(call.connection());
        if (connection == null) {
            problems.add(YamlNode.at(node, "connection").location(), path + ".connection", "unknown connection '" + call.connection() + "'"
                    + ConnectionReader.known("connections", connections.keySet(), call.connection()));
            return;
        }
        if (connection.isDatabase() || connection.connector() == null) {
            problems.add(YamlNode.at(node, "connection").location(), path + ".connection", "connection '" + call.connection()
                    + "' is not a connection of a connector; a call step names a connection with connector:");
            return;
        }
        ConnectorSpec connector = connectors.get(connection.connector());
        if (connector == null) {
            return; // reported on the connection
        }
        if (call.action() != null) {
            checkDeclared(problems, node, path, call, connector, "action", call.action(), connector.actions() == null ? Set.of() : connector.actions().keySet());
        }
        if (call.stream() != null) {
            checkDeclared(problems, node, path, call, connector, "stream", call.stream(), connector.streams() == null ? Set.of() : connector.streams().keySet());
        }
    }

    /** The action or stream ({@code what}) a call names must be one the connector declares. */
    private static void checkDeclared(Problems problems, YamlNode node, String path, FlowSpec.Call call, ConnectorSpec connector, String what,
            String name, Set<String> names) {
        if (!names.contains(name)) {
            problems.add(YamlNode.at(node, what).location(), path + "." + what, "connector '" + connector.name() + "' (of connection '"
                    + call.connection() + "') has no " + what + " '" + name + "'" + DidYouMean.hint(name, names)
                    + (names.isEmpty() ? " (it declares no " + what + "s)" : " (" + what + "s: " + String.join(", ", names) + ")"));
        }
    }
}
