package dev.junction.sandbox.internal;

import dev.junction.sandbox.Contact;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.SandboxOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * All generated start data of a sandbox, a pure function of the options' seed and counts. Each kind of record has
 * its own random stream, so e.g. changing the number of contacts leaves the staff unchanged.
 *
 * <p>The same people are CRM owners ({@code o-01}) and Helpdesk agents ({@code a-01}), with the same emails. The
 * first Helpdesk users are linked to the first CRM contacts ({@code external_id} = contact id, same email and name);
 * about 30% of the users are not linked.
 */
public record SeedData(List<Staff> staff, List<Company> companies, List<Contact> contacts, List<HelpdeskUser> users,
                       List<Ticket> tickets) {

    /** All seeded timestamps lie in January 2026. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MONTH_SECONDS = Duration.ofDays(30).toSeconds();

    /** A person working for the company that uses both systems. */
    public record Staff(int number, String name, String email, Instant createdAt) {
        public String ownerId() {
            return "o-%02d".formatted(number);
        }

        public String agentId() {
            return "a-%02d".formatted(number);
        }
    }

    public record Company(String id, String name, String domain, String industry, Instant createdAt,
                          Instant updatedAt) {
    }

    public record Ticket(String id, String subject, String status, int priority, String requesterId,
                         String assigneeId, Instant createdAt, Instant updatedAt) {
    }

    public SeedData {
        staff = List.copyOf(staff);
        companies = List.copyOf(companies);
        contacts = List.copyOf(contacts);
        users = List.copyOf(users);
        tickets = List.copyOf(tickets);
    }

    public static SeedData generate(SandboxOptions options) {
        long seed = options.seed();
        List<Staff> staff = staff(stream(seed, 1), options.agents());
        List<Company> companies = companies(stream(seed, 2), options.crmContacts());
        List<Contact> contacts = contacts(stream(seed, 3), options.crmContacts(), staff, companies);
        List<HelpdeskUser> users = users(stream(seed, 4), options.helpdeskUsers(), contacts, companies, staff);
        List<Ticket> tickets = tickets(stream(seed, 5), users, staff);
        return new SeedData(staff, companies, contacts, users, tickets);
    }

    static Random stream(long seed, int salt) {
        return new Random(seed * 1_000_003L + salt * 7_919L);
    }

    private static List<Staff> staff(Random random, int count) {
        Set<String> emails = new HashSet<>();
        List<Staff> result = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String first = Names.pick(Names.FIRST, random);
            String last = Names.pick(Names.LAST, random);
            String email = unique(emails, Names.emailLocalPart(first, last), "acme-corp.example");
            result.add(new Staff(i, first + " " + last, email, EPOCH));
        }
        return result;
    }

    private static List<Company> companies(Random random, int contacts) {
        List<String[]> combos = new ArrayList<>();
        for (String stem : Names.COMPANY_STEMS) {
            for (String suffix : Names.COMPANY_SUFFIXES) {
                combos.add(new String[] {stem, suffix});
            }
        }
        Collections.shuffle(combos, random);
        int count = Math.clamp((contacts + 9) / 10, 1, combos.size());
        List<Company> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] combo = combos.get(i);
            Instant created = EPOCH.plusSeconds(random.nextLong(MONTH_SECONDS / 3));
            result.add(new Company("co-%03d".formatted(i + 1), combo[0] + " " + combo[1],
                    Names.domain(combo[0], combo[1]), combo[1], created, updatedAfter(random, created)));
        }
        return result;
    }

    private static List<Contact> contacts(Random random, int count, List<Staff> staff, List<Company> companies) {
        Set<String> emails = new HashSet<>();
        List<Contact> result = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String first = Names.pick(Names.FIRST, random);
            String last = Names.pick(Names.LAST, random);
            int tierRoll = random.nextInt(10);
            String tier = tierRoll < 2 ? "gold" : tierRoll < 5 ? "silver" : "bronze";
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("email", unique(emails, Names.emailLocalPart(first, last), "example.com"));
            properties.put("firstname", first);
            properties.put("lastname", last);
            properties.put("phone", "+1-555-%04d".formatted(random.nextInt(10_000)));
            properties.put("tier", tier);
            properties.put("owner_email", staff.get(random.nextInt(staff.size())).email());
            Company company = companies.get(random.nextInt(companies.size()));
            Instant created = EPOCH.plusSeconds(random.nextLong(MONTH_SECONDS / 2));
            result.add(new Contact("c-%05d".formatted(i), properties, company.id(), created,
                    updatedAfter(random, created)));
        }
        return result;
    }

    private static List<HelpdeskUser> users(Random random, int count, List<Contact> contacts,
                                            List<Company> companies, List<Staff> staff) {
        int unlinked = count == 0 ? 0 : Math.max(1, Math.round(count * 0.3f));
        int linked = Math.min(count - unlinked, contacts.size());
        Set<String> emails = new HashSet<>();
        List<HelpdeskUser> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = "u-%05d".formatted(i + 1);
            Instant created = EPOCH.plusSeconds(random.nextLong(MONTH_SECONDS / 2));
            Instant updated = updatedAfter(random, created);
            if (i < linked) {
                Contact contact = contacts.get(i);
                Map<String, String> p = contact.properties();
                String company = companies.stream().filter(c -> c.id().equals(contact.companyId()))
                        .map(Company::name).findFirst().orElse(null);
                String ownerId = staff.stream().filter(s -> s.email().equals(p.get("owner_email")))
                        .map(Staff::agentId).findFirst().orElse(null);
                emails.add(p.get("email"));
                result.add(new HelpdeskUser(id, contact.id(), p.get("email"),
                        p.get("firstname") + " " + p.get("lastname"), Names.TIERS.indexOf(p.get("tier")) + 1,
                        profile("phone", p.get("phone"), "company", company, "language", "en"), ownerId,
                        created, updated));
            } else {
                String first = Names.pick(Names.FIRST, random);
                String last = Names.pick(Names.LAST, random);
                String email = unique(emails, Names.emailLocalPart(first, last), "mail.example");
                String ownerId = random.nextBoolean() ? staff.get(random.nextInt(staff.size())).agentId() : null;
                result.add(new HelpdeskUser(id, null, email, first + " " + last, 1 + random.nextInt(3),
                        profile("source", "email", "language", random.nextBoolean() ? "en" : "de"), ownerId,
                        created, updated));
            }
        }
        return result;
    }

    private static List<Ticket> tickets(Random random, List<HelpdeskUser> users, List<Staff> staff) {
        int count = users.isEmpty() ? 0 : Math.max(3, users.size() / 2);
        List<Ticket> result = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Instant created = EPOCH.plusSeconds(random.nextLong(MONTH_SECONDS / 2));
            result.add(new Ticket("t-%05d".formatted(i), Names.pick(Names.TICKET_SUBJECTS, random),
                    Names.pick(Names.TICKET_STATUSES, random), 1 + random.nextInt(3),
                    users.get(random.nextInt(users.size())).id(),
                    staff.get(random.nextInt(staff.size())).agentId(), created, updatedAfter(random, created)));
        }
        return result;
    }

    private static Instant updatedAfter(Random random, Instant created) {
        long room = Duration.between(created, EPOCH.plusSeconds(MONTH_SECONDS)).toSeconds();
        return created.plusSeconds(random.nextLong(Math.max(1, room)));
    }

    private static String unique(Set<String> taken, String localPart, String domain) {
        String email = localPart + "@" + domain;
        for (int n = 2; !taken.add(email); n++) {
            email = localPart + n + "@" + domain;
        }
        return email;
    }

    private static Map<String, Object> profile(Object... keysAndValues) {
        return Collections.unmodifiableMap(Json.obj(keysAndValues));
    }
}
