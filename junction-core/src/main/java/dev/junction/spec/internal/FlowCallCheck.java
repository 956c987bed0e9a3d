package dev.junction.spec.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FlowSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a flow's steps against what else is loaded (after every document is read): the
 * connections, actions and streams its {@code call} and {@code lookup} steps name, and the flows its
 * {@code flow} steps run, through branches, forEach steps and compensations.
 */
final class FlowCallCheck {
    private FlowCallCheck() {}

    /** Each call's connection must be loaded and be a connector's, with the action or stream named. */
    static void crossCheck(Fields root, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors) {
        crossCheck(root, flow, connections, connectors, null);
    }

    /** As above, and each {@code flow} step's flow must be one of {@code flows} (null: not checked). */
    static void crossCheck(Fields root, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors,
            Set<String> flows) {
        Walk walk = new Walk(root.problems(), flow, connections, connectors, flows);
        if (flow.steps() != null && root.node("steps") instanceof YamlNode.Sequence list) {
            walk.steps(flow.steps(), list, "steps");
        }
        if (flow.onError().mode() == FlowSpec.OnError.Mode.COMPENSATE
                && YamlNode.at(root.mapping(), "onError", "compensate") instanceof YamlNode.Sequence list) {
            walk.steps(flow.onError().compensate(), list, "onError.compensate");
        }
    }

    /** One flow's check: what the recursion through branches, forEach steps and compensations shares. */
    private record Walk(Problems problems, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors,
            Set<String> flows) {
        void steps(List<FlowSpec.Step> steps, YamlNode.Sequence list, String path) {
            for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                FlowSpec.Step step = steps.stream().filter(s -> s.location().equals(item.location())).findFirst().orElse(null);
                String at = path + "[" + i + "]";
                if (step instanceof FlowSpec.Call call) {
                    YamlNode node = YamlNode.at(item, "call");
                    ConnectorSpec connector = connector(node, at + ".call", call.connection());
                    if (connector != null && call.action() != null) {
                        checkDeclared(node, at + ".call", call.connection(), connector, "action", call.action(),
                                connector.actions() == null ? Set.of() : connector.actions().keySet());
                    }
                    if (connector != null && call.stream() != null) {
                        checkDeclared(node, at + ".call", call.connection(), connector, "stream", call.stream(),
                                connector.streams() == null ? Set.of() : connector.streams().keySet());
                    }
                } else if (step instanceof FlowSpec.RawCall raw) {
                    connector(YamlNode.at(item, "call"), at + ".call", raw.connection());
                } else if (step instanceof FlowSpec.Lookup lookup) {
                    YamlNode node = YamlNode.at(item, "lookup");
                    ConnectorSpec connector = connector(node, at + ".lookup", lookup.connection());
                    if (connector != null && lookup.stream() != null) {
                        checkDeclared(node, at + ".lookup", lookup.connection(), connector, "stream", lookup.stream(),
                                connector.streams() == null ? Set.of() : connector.streams().keySet());
                    }
                } else if (step instanceof FlowSpec.Branch branch) {
                    if (YamlNode.at(item, "branch", "then") instanceof YamlNode.Sequence then) {
                        steps(branch.then(), then, at + ".branch.then");
                    }
                    if (YamlNode.at(item, "branch", "else") instanceof YamlNode.Sequence otherwise) {
                        steps(branch.otherwise(), otherwise, at + ".branch.else");
                    }
                } else if (step instanceof FlowSpec.ForEach forEach && YamlNode.at(item, "forEach", "steps") instanceof YamlNode.Sequence inner) {
                    steps(forEach.steps(), inner, at + ".forEach.steps");
                } else if (step instanceof FlowSpec.SubFlow sub && flows != null && sub.flow() != null && !flows.contains(sub.flow())) {
                    problems.add(YamlNode.at(item, "flow", "name").location(), at + ".flow.name", "unknown flow '" + sub.flow() + "'"
                            + DidYouMean.hint(sub.flow(), flows) + (flows.isEmpty() ? " (no flow is loaded)" : " (flows: "
                                    + String.join(", ", flows.stream().sorted().toList()) + ")"));
                }
                FlowSpec.StepPolicy policy = step == null ? null : flow.policies().get(step.name());
                if (policy != null && policy.onError() != null && policy.onError().mode() == FlowSpec.OnError.Mode.COMPENSATE
                        && YamlNode.at(item, "onError", "compensate") instanceof YamlNode.Sequence compensate) {
                    steps(policy.onError().compensate(), compensate, at + ".onError.compensate");
                }
            }
        }

        /** The connector of the connection a step names; null (reported unless reported elsewhere) when there is none. */
        private ConnectorSpec connector(YamlNode node, String path, String name) {
            if (name == null) {
                return null;
            }
            ConnectionSpec connection = connections.get(name);
            if (connection == null) {
                problems.add(YamlNode.at(node, "connection").location(), path + ".connection", "unknown connection '" + name + "'"
                        + ConnectionReader.known("connections", connections.keySet(), name));
                return null;
            }
            if (connection.isDatabase() || connection.connector() == null) {
                problems.add(YamlNode.at(node, "connection").location(), path + ".connection", "connection '" + name
                        + "' is not a connection of a connector; a call step names a connection with connector:");
                return null;
            }
            return connectors.get(connection.connector()); // a missing connector is reported on the connection
        }

        /** The action or stream ({@code what}) a step names must be one the connector declares. */
        private void checkDeclared(YamlNode node, String path, String connection, ConnectorSpec connector, String what, String name,
                Set<String> names) {
            if (!names.contains(name)) {
                problems.add(YamlNode.at(node, what).location(), path + "." + what, "connector '" + connector.name() + "' (of connection '"
                        + connection + "') has no " + what + " '" + name + "'" + DidYouMean.hint(name, names)
                        + (names.isEmpty() ? " (it declares no " + what + "s)" : " (" + what + "s: " + String.join(", ", names) + ")"));
            }
        }
    }
}
