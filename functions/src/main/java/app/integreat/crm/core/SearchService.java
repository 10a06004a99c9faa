package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.SearchHit;
import app.integreat.crm.model.SearchText;
import app.integreat.crm.store.SearchStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One search for everything: word prefixes, folded as the lists fold them ("münch" finds "München"),
 * over account and contact names, contact addresses, opportunity names and interaction subjects.
 */
public final class SearchService {
    /** Index entries one search reads: one Query of at most this many small items. */
    public static final int MAX_ENTRIES = 60;
    /** Results shown per kind. */
    public static final int PER_KIND = 10;
    public static final List<String> KINDS = List.of("ACCOUNT", "CONTACT", "OPPORTUNITY", "INTERACTION");
    static final int MAX_QUERY = 100;

    private final SearchStore store;

    public SearchService(SearchStore store) {
        this.store = store;
    }

    /** The hits grouped by kind (in {@link #KINDS} order), each group in word order and at most {@link #PER_KIND}. */
    public record Results(String query, Map<String, List<SearchHit>> byKind, boolean truncated) {
    }

    public Results search(String q) {
        if (q == null || q.isBlank()) {
            throw CrmException.badParameter("q", "is required: the beginning of a word to look for");
        }
        if (q.length() > MAX_QUERY) {
            throw CrmException.badParameter("q", "must be at most " + MAX_QUERY + " characters");
        }
        String search = SearchText.normalize(q);
        Map<String, List<SearchHit>> byKind = new LinkedHashMap<>();
        KINDS.forEach(kind -> byKind.put(kind, new ArrayList<>()));
        if (search.isEmpty()) {
            return new Results(q, byKind, false);
        }
        List<SearchHit> hits = store.search(search, MAX_ENTRIES);
        boolean truncated = hits.size() >= MAX_ENTRIES;
        for (SearchHit hit : hits) {
            List<SearchHit> group = byKind.get(hit.kind());
            if (group.size() < PER_KIND) {
                group.add(hit);
            } else {
                truncated = true;
            }
        }
        return new Results(q, byKind, truncated);
    }
}
