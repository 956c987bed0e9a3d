package dev.junction.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String encode(String json) throws Exception {
        return new String(FormBody.encode(JSON.readTree(json), "action 'x' request.body"), StandardCharsets.US_ASCII);
    }

    @Test
    void fieldsNestedObjectsAndArraysInBracketNotation() throws Exception {
        assertThat(encode("""
                {"email": "ada+1@example.com", "name": "Ada Lovelace", "balance": -250, "tax_exempt": false,
                 "metadata": {"source": "junction", "plan": "pro & more"}, "expand": ["tax", "sources"],
                 "items": [{"price": "price_1", "quantity": 2}], "phone": null, "address": {}, "cleared": ""}"""))
                .isEqualTo("email=ada%2B1%40example.com&name=Ada+Lovelace&balance=-250&tax_exempt=false"
                        + "&metadata%5Bsource%5D=junction&metadata%5Bplan%5D=pro+%26+more&expand%5B0%5D=tax&expand%5B1%5D=sources"
                        + "&items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2&cleared=");
        assertThat(encode("{\"name\": \"Zoë 東京\"}")).isEqualTo("name=Zo%C3%AB+%E6%9D%B1%E4%BA%AC");
        assertThat(encode("{}")).isEmpty();
    }

    @Test
    void onlyAnObjectIsAForm() {
        assertThatThrownBy(() -> encode("[{\"a\": 1}]")).isInstanceOf(ConnectorException.class)
                .hasMessage("action 'x' request.body: a form body (Content-Type: application/x-www-form-urlencoded) takes an object of fields; the expression gave an array");
        assertThatThrownBy(() -> encode("\"text\"")).hasMessageEndingWith("the expression gave a string");
        assertThatThrownBy(() -> encode("null")).hasMessageEndingWith("the expression gave null");
    }

    @Test
    void theRequestsContentTypeWinsOverTheConnectors() {
        assertThat(FormBody.declared(Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"))).isTrue();
        assertThat(FormBody.declared(Map.of("Content-Type", "application/x-www-form-urlencoded"), Map.of("Content-Type", "application/json"))).isFalse();
        assertThat(FormBody.declared(Map.of("Accept", "application/json"), null)).isFalse();
    }
}
