package dev.junction.mapping.suggest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Automapper quality on realistic field lists: a CRM contact (HubSpot-like, custom fields under
 * {@code properties}), a helpdesk user (Zendesk-like) and an HRIS employee (BambooHR-like).
 */
class AutomapperQualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Automapper automapper = new Automapper(Automapper.DEFAULT_MIN_SCORE);

    static final List<FieldProfile> CRM_CONTACT = fields(
            "id:string", "properties.firstname:string", "properties.lastname:string", "properties.email:string/email",
            "properties.phone:string", "properties.mobilephone:string", "properties.company:string", "properties.jobtitle:string",
            "properties.address:string", "properties.city:string", "properties.state:string", "properties.zip:string",
            "properties.country:string", "properties.website:string/uri", "properties.lifecyclestage:string", "properties.hs_lead_status:string",
            "properties.createdate:string/date-time", "properties.lastmodifieddate:string/date-time", "properties.annualrevenue:number",
            "properties.hubspot_owner_id:string");

    static final List<FieldProfile> HELPDESK_USER = fields(
            "id:integer", "external_id:string", "name:string", "email:string/email", "phone:string", "organization_id:integer",
            "role:string", "time_zone:string", "locale:string", "created_at:string/date-time", "updated_at:string/date-time",
            "verified:boolean", "suspended:boolean", "tags:array", "notes:string");

    static final List<FieldProfile> HRIS_EMPLOYEE = fields(
            "id:string", "employeeNumber:string", "firstName:string", "lastName:string", "preferredName:string", "workEmail:string/email",
            "mobilePhone:string", "workPhone:string", "department:string", "jobTitle:string", "hireDate:string/date",
            "dateOfBirth:string/date", "location:string", "address1:string", "city:string", "state:string", "zipcode:string",
            "country:string", "supervisorId:string", "employmentStatus:string", "lastChanged:string/date-time");

    @Test
    void crmContactsMapOntoHelpdeskUsersByEmailPhoneAndTimestamps() {
        Map<String, String> pairs = pairs(automapper.suggest(CRM_CONTACT, HELPDESK_USER));

        assertThat(pairs).containsEntry("email", "properties.email")
                .containsEntry("phone", "properties.phone")
                .containsEntry("created_at", "properties.createdate")
                .containsEntry("updated_at", "properties.lastmodifieddate")
                .containsEntry("id", "id");
        // a full name is not a first name, an organization id is not a company name, and these have no counterpart
        assertThat(pairs).doesNotContainKeys("name", "organization_id", "role", "time_zone", "locale", "verified", "suspended", "tags", "notes",
                "external_id");
    }

    @Test
    void crmContactsMapOntoHrisEmployeesThroughSynonymsAndRunTogetherNames() {
        Map<String, String> pairs = pairs(automapper.suggest(CRM_CONTACT, HRIS_EMPLOYEE));

        assertThat(pairs).containsEntry("firstName", "properties.firstname")
                .containsEntry("lastName", "properties.lastname")
                .containsEntry("workEmail", "properties.email")
                .containsEntry("mobilePhone", "properties.mobilephone")
                .containsEntry("workPhone", "properties.phone")
                .containsEntry("jobTitle", "properties.jobtitle")
                .containsEntry("address1", "properties.address")
                .containsEntry("city", "properties.city")
                .containsEntry("state", "properties.state")
                .containsEntry("zipcode", "properties.zip")
                .containsEntry("country", "properties.country")
                .containsEntry("lastChanged", "properties.lastmodifieddate");
        // a contact's creation is not a hire; no birth dates, departments or supervisors in the CRM
        assertThat(pairs).doesNotContainKeys("hireDate", "dateOfBirth", "department", "supervisorId", "employeeNumber", "employmentStatus",
                "location", "preferredName");
    }

    @Test
    void helpdeskUsersMapOntoHrisEmployees() {
        Map<String, String> pairs = pairs(automapper.suggest(HELPDESK_USER, HRIS_EMPLOYEE));

        assertThat(pairs).containsEntry("workEmail", "email")
                .containsEntry("mobilePhone", "phone")
                .containsEntry("lastChanged", "updated_at");
        assertThat(pairs).doesNotContainKeys("firstName", "lastName", "hireDate", "dateOfBirth", "department", "supervisorId", "city");
    }

    @Test
    void unrelatedFieldsScoreBelowTheThresholdEvenWhenTheirTypesAgree() {
        List<String[]> unrelated = List.of(
                new String[] {"properties.firstname", "lastName"}, new String[] {"properties.createdate", "hireDate"},
                new String[] {"properties.zip", "mobilePhone"}, new String[] {"properties.lifecyclestage", "employmentStatus"},
                new String[] {"properties.hubspot_owner_id", "supervisorId"}, new String[] {"properties.annualrevenue", "id"},
                new String[] {"properties.website", "workEmail"}, new String[] {"properties.city", "country"});
        for (String[] pair : unrelated) {
            Suggestion s = automapper.score(field(CRM_CONTACT, pair[0]), field(HRIS_EMPLOYEE, pair[1]));
            assertThat(s.score()).as(pair[0] + " -> " + pair[1] + ": " + s.explanation()).isLessThan(0.5);
        }
    }

    @Test
    void anArrayIsNeverPairedWithAScalarOfTheSameName() {
        List<FieldProfile> source = fields("tag:string");
        List<FieldProfile> destination = fields("tags:array");

        assertThat(automapper.suggest(source, destination)).isEmpty();
        assertThat(automapper.score(source.getFirst(), destination.getFirst()).type()).isZero();
    }

    @Test
    void sharedSampleValuesDecideBetweenTwoEquallyNamedCandidates() {
        FieldProfile phone = new FieldProfile("phone", List.of("phone"), schema("string"), Set.of("+47 22 00 00 01", "+47 22 00 00 02"));
        FieldProfile mobile = new FieldProfile("mobile", List.of("mobile"), schema("string"), Set.of("+47 900 00 001", "+47 900 00 002"));
        FieldProfile destination = new FieldProfile("telephone", List.of("telephone"), schema("string"), Set.of("+47 900 00 002", "+47 900 00 003"));

        List<Suggestion> pairs = automapper.suggest(List.of(phone, mobile), List.of(destination));

        assertThat(pairs).extracting(p -> p.source().path()).containsExactly("mobile");
        assertThat(pairs.getFirst().value()).isEqualTo(0.75); // one of two values shared
    }

    @Test
    void eachFieldIsUsedOnceAndTheOutputFollowsTheDestinationOrder() {
        List<Suggestion> pairs = automapper.suggest(CRM_CONTACT, HRIS_EMPLOYEE);

        assertThat(pairs.stream().map(p -> p.source().path()).distinct().count()).isEqualTo(pairs.size());
        List<String> destinations = pairs.stream().map(p -> p.destination().path()).toList();
        List<String> inListOrder = HRIS_EMPLOYEE.stream().map(FieldProfile::path).filter(destinations::contains).toList();
        assertThat(destinations).isEqualTo(inListOrder);
        assertThat(pairs.getFirst().yamlLine()).isEqualTo("id: id");
        assertThat(pairs).allSatisfy(p -> assertThat(p.score()).isBetween(Automapper.DEFAULT_MIN_SCORE, 1.0));
    }

    @Test
    void profilesComeFromASchemaAndRecordsWithNestedFieldsAndGenericNamesQualifiedByTheirParent() throws Exception {
        var sampler = new dev.junction.schema.SchemaSampler(10);
        var record = JSON.readTree("{\"id\":\"1\",\"properties\":{\"name\":\"Ada\"},\"company\":{\"name\":\"Acme\",\"size\":3}}");
        sampler.offer(record);

        List<FieldProfile> profiles = FieldProfile.of(sampler.schema(), List.of(record));

        assertThat(profiles).extracting(FieldProfile::path).containsExactly("company.name", "company.size", "id", "properties.name");
        assertThat(profiles).extracting(FieldProfile::words).containsExactly(
                List.of("company", "name"), List.of("size"), List.of("id"), List.of("name"));
        assertThat(profiles.getFirst().samples()).containsExactly("acme");
    }

    @Test
    void aMinimumScoreOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new Automapper(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minScore must be between 0 and 1, was 1.5");
    }

    private static Map<String, String> pairs(List<Suggestion> suggestions) {
        Map<String, String> out = new LinkedHashMap<>();
        suggestions.forEach(s -> out.put(s.destination().path(), s.source().path()));
        return out;
    }

    private static FieldProfile field(List<FieldProfile> fields, String path) {
        return fields.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }

    /** {@code path:type} or {@code path:type/format}. */
    private static List<FieldProfile> fields(String... specs) {
        List<FieldProfile> out = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            out.add(FieldProfile.of(parts[0], schema(parts[1])));
        }
        return out;
    }

    private static ObjectNode schema(String type) {
        ObjectNode schema = JSON.createObjectNode();
        String[] parts = type.split("/");
        schema.put("type", parts[0]);
        if (parts.length > 1) {
            schema.put("format", parts[1]);
        }
        return schema;
    }
}
