package dev.junction.sandbox.internal;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Small built-in word lists for realistic seeded data (immutable). */
final class Names {

    static final List<String> FIRST = List.of(
            "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger",
            "Katherine", "Donald", "Radia", "Tim", "Hedy", "John", "Sophie", "Guido", "Shafi", "Bjarne",
            "Carol", "James", "Mary", "Niklaus", "Joan", "Leslie", "Anita", "Brian", "Evelyn", "Ivan",
            "Lynn", "Whitfield", "Adele", "Butler", "Jean", "Robin", "Annie", "Ward", "Susan", "Martin",
            "Elena", "Omar", "Priya", "Kenji", "Amara", "Diego", "Ingrid", "Mateo", "Yuki", "Nadia");

    static final List<String> LAST = List.of(
            "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
            "Dijkstra", "Johnson", "Knuth", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Wilson", "van Rossum",
            "Goldwasser", "Stroustrup", "Shaw", "Gosling", "Keller", "Wirth", "Clarke", "Lamport", "Borg",
            "Kernighan", "Boyd", "Sutherland", "Conway", "Diffie", "Goldberg", "Lampson", "Sammet", "Milner",
            "Easley", "Cunningham", "Kare", "Fowler", "Petrova", "Haddad", "Raman", "Sato", "Okafor", "Alvarez",
            "Lindqvist", "Rossi", "Tanaka", "Kowalski");

    static final List<String> COMPANY_STEMS = List.of(
            "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
            "Soylent", "Wonka", "Gringotts", "Monarch", "Aperture", "Massive", "Oscorp", "Pied Piper", "Dunder",
            "Sterling", "Prestige", "Nakatomi", "Blue Sun", "Virtucon", "Bluth", "Gekko");

    static final List<String> COMPANY_SUFFIXES = List.of(
            "Labs", "Systems", "Logistics", "Partners", "Foods", "Energy", "Health", "Media");

    static final List<String> TIERS = List.of("gold", "silver", "bronze");

    static final List<String> TICKET_SUBJECTS = List.of(
            "Cannot log in after password reset", "Invoice shows the wrong amount", "Export to CSV times out",
            "Please add a second admin user", "Webhook deliveries are delayed", "Question about the annual plan",
            "Mobile app crashes on start", "Data missing after import", "How do I change my billing email?",
            "API returns 429 too often");

    static final List<String> TICKET_STATUSES = List.of("open", "pending", "solved");

    private Names() {
    }

    static String pick(List<String> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    /** {@code Ada}, {@code van Rossum} → {@code ada.vanrossum}. */
    static String emailLocalPart(String first, String last) {
        return (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
    }

    /** {@code Pied Piper Labs} → {@code piedpiper-labs.example}. */
    static String domain(String stem, String suffix) {
        return (stem.replace(" ", "") + "-" + suffix).toLowerCase(Locale.ROOT) + ".example";
    }
}
