package app.integreat.crm.store;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.SearchHit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The search over every kind of record: the word items of account and contact names, contact
 * addresses, opportunity names and interaction subjects all sit in one gsi9 partition (SEARCH),
 * sorted by the text from that word on, so a search is one Query ({@link NameIndex}).
 */
public final class SearchStore {
    private final Table table;

    public SearchStore(Table table) {
        this.table = table;
    }

    /** The records of the first {@code maxItems} index entries whose text starts with {@code search}, each once. */
    public List<SearchHit> search(String search, int maxItems) {
        Table.KeyQuery query = Table.KeyQuery.partition(Keys.GSI9, Keys.GSI9_PK, Keys.SEARCH)
                .withSk(Keys.GSI9_SK, "begins_with", search);
        Set<String> seen = new HashSet<>();
        List<SearchHit> hits = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.queryFirst(query, maxItems)) {
            String kind = Items.entity(item);
            if (!seen.add(kind + "#" + Attrs.string(item, "id"))) {
                continue;
            }
            SearchHit hit = hit(kind, item);
            if (hit != null) {
                hits.add(hit);
            }
        }
        return hits;
    }

    private static SearchHit hit(String kind, Map<String, AttributeValue> item) {
        return switch (kind) {
            case "ACCOUNT" -> {
                Account account = Items.account(item);
                yield new SearchHit(kind, account.id(), account.name(), account.type().name(), null, null, null);
            }
            case "CONTACT" -> {
                Contact contact = Items.contact(item);
                String name = contact.firstName() == null ? contact.lastName() : contact.firstName() + " " + contact.lastName();
                yield new SearchHit(kind, contact.id(), name, null, contact.accountId(), null, null);
            }
            case "OPPORTUNITY" -> new SearchHit(kind, Attrs.string(item, "id"), Attrs.string(item, "name"),
                    Attrs.string(item, "type"), Attrs.string(item, "accountId"), null, null);
            case "INTERACTION" -> new SearchHit(kind, Attrs.string(item, "id"), Attrs.string(item, "subject"),
                    Attrs.string(item, "type"), Attrs.string(item, "accountId"), Attrs.string(item, "contactId"),
                    Attrs.instant(item, "occurredAt"));
            default -> null;
        };
    }
}
