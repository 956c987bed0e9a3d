package dev.junction.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateTest {
    private static final Map<String, String> VALUES = Map.of(
            "config.baseUrl", "https://api.example.com",
            "secrets.token", "s3cr3t",
            "a", "A",
            "b_c-d.e", "X");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.argumentSet("a variable alone", "{{ config.baseUrl }}", List.of("config.baseUrl"), "https://api.example.com"),
                Arguments.argumentSet("spaces are optional", "{{config.baseUrl}}/v1", List.of("config.baseUrl"), "https://api.example.com/v1"),
                Arguments.argumentSet("text around variables", "Bearer {{ secrets.token }}!", List.of("secrets.token"), "Bearer s3cr3t!"),
                Arguments.argumentSet("adjacent and repeated variables", "{{a}}{{ a }}{{b_c-d.e}}", List.of("a", "b_c-d.e"), "AAX"),
                Arguments.argumentSet("no variables", "/v1/contacts", List.of(), "/v1/contacts"),
                Arguments.argumentSet("a lone closing brace pair is text", "a }} b", List.of(), "a }} b"),
                Arguments.argumentSet("single braces are text", "{ x } {a}", List.of(), "{ x } {a}"),
                Arguments.argumentSet("empty text", "", List.of(), ""));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void parsesVariablesInOrderOfFirstUseAndRendersThem(String text, List<String> variables, String rendered) {
        Template template = Template.parse(text);

        assertThat(template.variables()).containsExactlyElementsOf(variables);
        assertThat(template.isConstant()).isEqualTo(variables.isEmpty());
        assertThat(template.render(VALUES::get)).isEqualTo(rendered);
        assertThat(template.text()).isEqualTo(text);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.argumentSet("an unclosed variable", "{{ config.baseUrl",
                        "template '{{ config.baseUrl': '{{' at position 1 is never closed with '}}'"),
                Arguments.argumentSet("an unclosed second variable", "{{ a }}/x/{{ b",
                        "template '{{ a }}/x/{{ b': '{{' at position 11 is never closed with '}}'"),
                Arguments.argumentSet("empty braces", "x{{ }}",
                        "template 'x{{ }}': '{{ }}' at position 2 is not a variable name; write a dotted name such as {{ config.baseUrl }}"),
                Arguments.argumentSet("an expression", "{{ a | upper }}",
                        "template '{{ a | upper }}': '{{ a | upper }}' at position 1 is not a variable name; write a dotted name such as {{ config.baseUrl }}"),
                Arguments.argumentSet("a trailing dot", "{{ config. }}",
                        "template '{{ config. }}': '{{ config. }}' at position 1 is not a variable name; write a dotted name such as {{ config.baseUrl }}"),
                Arguments.argumentSet("a name starting with a digit", "{{ 1a }}",
                        "template '{{ 1a }}': '{{ 1a }}' at position 1 is not a variable name; write a dotted name such as {{ config.baseUrl }}"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedTemplatesWithTheirPosition(String text, String message) {
        assertThatThrownBy(() -> Template.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void namesTheVariableWithoutAValueWhenRendering() {
        Template template = Template.parse("{{ config.baseUrl }}/{{ config.missing }}");

        assertThatThrownBy(() -> template.render(VALUES::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("template '{{ config.baseUrl }}/{{ config.missing }}': no value for variable 'config.missing'");
    }

    @Test
    void rendersAConstantWithoutAskingForValues() {
        assertThat(Template.parse("/plain").render(name -> {
            throw new AssertionError("asked for " + name);
        })).isEqualTo("/plain");
    }

    @Test
    void equalsAnotherTemplateOfTheSameText() {
        assertThat(Template.parse("{{ a }}")).isEqualTo(Template.parse("{{ a }}")).hasSameHashCodeAs(Template.parse("{{ a }}"))
                .isNotEqualTo(Template.parse("{{a}}")).hasToString("{{ a }}");
    }
}
