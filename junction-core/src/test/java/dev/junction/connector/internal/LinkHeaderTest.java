package dev.junction.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkHeaderTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "quoted rel after another link    | <https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; rel=\"next\" | https://a/x?page=3",
        "unquoted rel                     | </x?page=2>; rel=next                                                | /x?page=2",
        "rel listing several relations    | </x?page=2>; rel=\"next last\"                                       | /x?page=2",
        "other parameters before rel      | </x?page=2>; title=\"two\"; rel=\"next\"                             | /x?page=2",
        "upper-case relation              | </x?page=2>; rel=\"NEXT\"                                            | /x?page=2",
        "no next link                     | </x?page=1>; rel=\"first\"                                           | null",
        "empty header                     | ''                                                                   | null",
    })
    void findsTheNextLink(String name, String header, String expected) {
        assertThat(LinkHeader.find(List.of(header), "next")).isEqualTo(expected);
    }
}
