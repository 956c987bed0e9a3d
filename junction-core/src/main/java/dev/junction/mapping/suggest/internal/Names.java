package dev.junction.mapping.suggest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Field names reduced to comparable words: split at case changes, separators and digits,
 * lower-cased, run-together words split by a small vocabulary ({@code firstname} → first name),
 * and recognised as a concept when the words name one ({@code given_name}, {@code fname} → first_name).
 */
public final class Names {
    /** Concepts and the names (as words joined by '_') that mean them. */
    static final Map<String, List<String>> CONCEPTS = concepts();
    /** Words that qualify a name without changing what it is: work_email is an email. */
    static final Set<String> QUALIFIERS = Set.of("work", "primary", "personal", "main", "home", "business", "contact", "user", "employee",
            "customer", "person", "default", "preferred", "official", "hs", "cf", "custom", "my");
    /** Single words with the same meaning, compared as one. */
    static final Map<String, String> WORD_SYNONYMS = Map.ofEntries(
            Map.entry("mail", "email"), Map.entry("telephone", "phone"), Map.entry("tel", "phone"), Map.entry("mobile", "phone"),
            Map.entry("cell", "phone"), Map.entry("organization", "company"), Map.entry("organisation", "company"), Map.entry("org", "company"),
            Map.entry("postal", "zip"), Map.entry("postcode", "zip"), Map.entry("surname", "last"), Map.entry("given", "first"),
            Map.entry("modified", "updated"), Map.entry("changed", "updated"), Map.entry("created", "create"), Map.entry("identifier", "id"), Map.entry("dept", "department"),
            Map.entry("tz", "timezone"), Map.entry("lang", "language"), Map.entry("locale", "language"), Map.entry("province", "state"),
            Map.entry("town", "city"), Map.entry("addr", "address"), Map.entry("fullname", "name"));
    private static final Set<String> VOCABULARY = Set.copyOf(List.of( // copyOf: a repeated word is harmless
            "first", "last", "full", "display", "given", "family", "sur", "middle", "name", "names", "email", "mail", "address", "phone", "number",
            "mobile", "cell", "work", "home", "job", "title", "company", "organization", "org", "account", "zip", "postal", "code", "post",
            "create", "created", "update", "updated", "modified", "last", "date", "time", "zone", "stamp", "at", "on", "id", "external", "street",
            "city", "state", "country", "region", "department", "hire", "start", "end", "birth", "day", "lifecycle", "stage", "lead", "status",
            "owner", "web", "site", "page", "url", "user", "employee", "contact", "primary", "secondary", "line", "of", "tele", "telephone",
            "annual", "revenue", "industry", "manager", "type", "role", "tags", "tag", "notes", "note", "description", "salary", "pay", "rate",
            "gender", "language", "locale", "timezone", "verified", "active", "suspended", "employment", "location", "office", "team",
            "changed", "supervisor", "preferred", "division", "hubspot", "annual"));

    private Names() {}

    /** A name as words: {@code workEmailAddress} → [work, email, address]; {@code firstname} → [first, name]. */
    public static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("([A-Za-z])([0-9])", "$1 $2").replaceAll("([0-9])([A-Za-z])", "$1 $2");
        for (String part : spaced.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!part.isEmpty()) {
                words.addAll(segment(part));
            }
        }
        return words;
    }

    /** The concept a list of words names, or null. */
    public static String concept(List<String> words) {
        return BY_PHRASE.get(String.join("_", words));
    }

    /** The words without qualifiers (unchanged when only qualifiers would remain). */
    public static List<String> unqualified(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!QUALIFIERS.contains(w)) {
                out.add(w);
            }
        }
        return out.isEmpty() ? words : out;
    }

    /** The words with one-word synonyms replaced, as a set. */
    public static Set<String> canonicalWords(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            out.add(WORD_SYNONYMS.getOrDefault(w, w));
        }
        return out;
    }

    private static final Map<String, String> BY_PHRASE = byPhrase();

    /** Splits a run-together lower-case word into vocabulary words when it is made of them only; else keeps it. */
    static List<String> segment(String word) {
        if (VOCABULARY.contains(word) || word.length() < 6) {
            return List.of(word);
        }
        List<String> best = segmentFrom(word, 0);
        return best == null ? List.of(word) : best;
    }

    private static List<String> segmentFrom(String word, int from) {
        if (from == word.length()) {
            return new ArrayList<>();
        }
        for (int end = word.length(); end > from + 1; end--) { // longest word first
            String head = word.substring(from, end);
            if (VOCABULARY.contains(head)) {
                List<String> rest = segmentFrom(word, end);
                if (rest != null) {
                    rest.addFirst(head);
                    return rest;
                }
            }
        }
        return null;
    }

    private static Map<String, String> byPhrase() {
        Map<String, String> out = new HashMap<>();
        CONCEPTS.forEach((concept, phrases) -> phrases.forEach(p -> out.put(p, concept)));
        return Map.copyOf(out);
    }

    private static Map<String, List<String>> concepts() {
        Map<String, List<String>> c = new java.util.LinkedHashMap<>();
        c.put("email", List.of("email", "mail", "email_address", "e_mail", "mail_address", "email_addr"));
        c.put("first_name", List.of("first_name", "given_name", "fname", "forename", "first", "given", "name_first"));
        c.put("last_name", List.of("last_name", "surname", "family_name", "lname", "last", "sur_name", "name_last", "family"));
        c.put("full_name", List.of("name", "full_name", "display_name", "fullname", "names"));
        c.put("phone", List.of("phone", "telephone", "tele_phone", "tel", "phone_number", "mobile", "mobile_phone", "mobile_number", "cell",
                "cell_phone", "telephone_number", "phone_no"));
        c.put("company", List.of("company", "company_name", "organization", "organisation", "org", "organization_name", "account",
                "account_name", "employer"));
        c.put("zip", List.of("zip", "zip_code", "postal_code", "post_code", "postcode", "postal", "zipcode"));
        c.put("job_title", List.of("job_title", "title", "position", "job", "job_position"));
        c.put("created_at", List.of("created_at", "created", "create_date", "creation_date", "date_created", "created_on", "created_date",
                "created_time", "create_time"));
        c.put("updated_at", List.of("updated_at", "updated", "modified", "last_modified", "last_modified_date", "modified_at", "date_modified",
                "updated_on", "last_updated", "modified_date", "updated_date", "last_modified_at", "last_changed", "changed_at", "changed"));
        c.put("external_id", List.of("external_id", "ext_id", "external_ref", "external_reference", "foreign_id", "external_key"));
        c.put("country", List.of("country", "country_code", "nation"));
        c.put("state", List.of("state", "province", "region", "state_code"));
        c.put("city", List.of("city", "town", "locality"));
        c.put("street", List.of("street", "address", "street_address", "address_line_1", "address_1", "line_1", "address_line"));
        c.put("birth_date", List.of("birth_date", "birthdate", "date_of_birth", "dob", "birthday", "birth_day"));
        c.put("hire_date", List.of("hire_date", "start_date", "hired_at", "employment_start", "date_hired", "hire_on"));
        c.put("department", List.of("department", "dept", "division"));
        c.put("timezone", List.of("timezone", "time_zone", "tz"));
        c.put("language", List.of("language", "locale", "lang", "preferred_language"));
        c.put("website", List.of("website", "web_site", "url", "homepage", "home_page", "web"));
        c.put("notes", List.of("notes", "note", "description", "comments", "comment", "about"));
        c.put("id", List.of("id", "uid", "identifier"));
        return java.util.Collections.unmodifiableMap(c);
    }
}
