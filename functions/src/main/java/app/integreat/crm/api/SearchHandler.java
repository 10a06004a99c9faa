package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.core.SearchService;
import app.integreat.crm.model.SearchHit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The search over every kind of record: /search. Reads only. */
public final class SearchHandler extends ApiHandler {

    public SearchHandler() {
        this(Services.fromEnvironment());
    }

    public SearchHandler(Services services) {
        super(services);
        SearchService search = services.search();
        route("GET /search", request -> Response.ok(results(search.search(request.query("q")))));
    }

    static Map<String, Object> results(SearchService.Results results) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("q", results.query());
        results.byKind().forEach((kind, hits) -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (SearchHit hit : hits) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", hit.id());
                entry.put(kind.equals("INTERACTION") ? "subject" : "name", hit.title());
                if (hit.type() != null) {
                    entry.put("type", hit.type());
                }
                if (hit.accountId() != null) {
                    entry.put("accountId", hit.accountId());
                }
                if (hit.contactId() != null) {
                    entry.put("contactId", hit.contactId());
                }
                if (hit.at() != null) {
                    entry.put("occurredAt", hit.at().toString());
                }
                entries.add(entry);
            }
            // ACCOUNT -> accounts, OPPORTUNITY -> opportunities
            String plural = kind.toLowerCase(Locale.ROOT).endsWith("y")
                    ? kind.toLowerCase(Locale.ROOT).replaceAll("y$", "ies") : kind.toLowerCase(Locale.ROOT) + "s";
            json.put(plural, entries);
        });
        json.put("truncated", results.truncated());
        return json;
    }
}
