package dev.junction.sandbox;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** What both simulated SaaS systems expose to tests, the demo and benchmarks. */
public interface SimulatedService {

    /** Base URL, e.g. {@code http://127.0.0.1:41234}; paths like {@code /v1/contacts} are relative to it. */
    URI baseUrl();

    /** The fault injection settings in force. */
    Faults faults();

    /** Replaces the fault injection settings; restarts the fault random generator from {@code faults.seed()}. */
    void setFaults(Faults faults);

    /** Calls {@code hook} as each request arrives (see {@link RequestHook}); {@link RequestHook#NONE} to stop. */
    void setRequestHook(RequestHook hook);

    /** Every record write accepted so far (since start or {@link #reset()}), oldest first; an immutable snapshot. */
    List<LedgerEntry> ledger();

    /** How many accepted writes each record key received; an immutable snapshot sorted by key. */
    Map<String, Integer> writeCountsByKey();

    /** Request counters. */
    ServiceStats stats();

    /** Clears the ledger, the write counts, the stats and the rate-limit window. Data and faults stay. */
    void reset();
}
