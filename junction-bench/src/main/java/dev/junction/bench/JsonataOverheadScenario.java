package dev.junction.bench;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same comparison as {@link JsonataMappingBenchmark}, measured in this thread's CPU time and
 * interleaved (each round runs every candidate once, in turn), so that other load on the machine
 * neither slows one candidate more than another nor counts as its time. Prints the median
 * nanoseconds per call over the rounds and each candidate's ratio to our mapper.
 *
 * <p>Usage: {@code JsonataOverheadScenario [rounds] [callsPerRound]} (defaults 30 and 200000).
 */
public final class JsonataOverheadScenario {
    private JsonataOverheadScenario() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        ObjectMapper json = new ObjectMapper();
        JsonNode contact = json.readTree(MappingBenchmark.CONTACT);
        Map<?, ?> contactAsMap = json.convertValue(contact, Map.class);
        String expression = JsonataMappingBenchmark.EXPRESSION;
        Jsonata library = Jsonata.jsonata(expression);
        Jsonata unvalidated = Jsonata.jsonata(expression);
        unvalidated.setValidateInput(false);
        Mapper mapper = Mapper.compile(List.of(new FieldMapping("full_name", new FieldMapping.Expression(expression), SourceLocation.unknown("bench"))));

        Map<String, Supplier<Object>> candidates = new LinkedHashMap<>();
        candidates.put("mapperWithExpression (ours)", () -> mapper.map(contact));
        candidates.put("jsonataDirectOnMaps (library, default)", () -> library.evaluate(contactAsMap));
        candidates.put("jsonataDirectOnMapsUnvalidated", () -> unvalidated.evaluate(contactAsMap));

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> nanos = new LinkedHashMap<>();
        candidates.keySet().forEach(name -> nanos.put(name, new ArrayList<>()));
        Object sink = null;
        for (int round = -5; round < rounds; round++) { // the first 5 rounds warm up
            for (Map.Entry<String, Supplier<Object>> c : candidates.entrySet()) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    sink = c.getValue().get();
                }
                long spent = cpu.getCurrentThreadCpuTime() - start;
                if (round >= 0) {
                    nanos.get(c.getKey()).add((double) spent / calls);
                }
            }
        }
        double ours = median(nanos.get("mapperWithExpression (ours)"));
        System.out.printf(Locale.ROOT, "%-42s %10s %12s %s%n", "candidate", "ns/call", "calls/s (cpu)", "our cost relative to it");
        for (Map.Entry<String, List<Double>> e : nanos.entrySet()) {
            double m = median(e.getValue());
            System.out.printf(Locale.ROOT, "%-42s %10.1f %,12.0f %.2fx%n", e.getKey(), m, 1e9 / m, ours / m);
        }
        if (sink == null) {
            System.out.println();
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
