package dev.junction.store;

/**
 * Dead letters of one run that failed the same way: their kind ({@code write}, {@code mapping}, ...),
 * their classified error ({@code errorCategory} and {@code errorCode}, both null when the failure was
 * not classified, and then {@code reason} is the text they share), how many, and one of them as a
 * sample (its record key and reason). What a run page shows as "row errors grouped by reason".
 */
public record DeadLetterReason(String kind, String errorCategory, String errorCode, String reason, long count, String sampleKey, String sampleReason) {}
