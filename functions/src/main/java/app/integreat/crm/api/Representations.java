package app.integreat.crm.api;

import app.integreat.crm.core.Account;
import app.integreat.crm.core.AccountDetail;
import app.integreat.crm.core.Address;
import app.integreat.crm.core.Contact;
import app.integreat.crm.core.Member;
import app.integreat.crm.core.Page;
import app.integreat.crm.core.Task;
import app.integreat.crm.core.TimelineEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The JSON shape of each record, written out explicitly (camelCase; absent values are omitted). */
final class Representations {
    private Representations() {
    }

    static Map<String, Object> member(Member member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", member.id());
        json.put("email", member.email());
        json.put("name", member.name());
        json.put("role", member.role().name());
        json.put("active", member.active());
        json.put("language", member.language());
        stamps(json, member.createdAt().toString(), member.updatedAt().toString(), member.version());
        return json;
    }

    static Map<String, Object> account(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", account.id());
        json.put("name", account.name());
        json.put("type", account.type().name());
        putIfPresent(json, "website", account.website());
        putIfPresent(json, "phone", account.phone());
        if (account.address() != null) {
            json.put("address", address(account.address()));
        }
        putIfPresent(json, "notes", account.notes());
        stamps(json, account.createdAt().toString(), account.updatedAt().toString(), account.version());
        return json;
    }

    static Map<String, Object> accountDetail(AccountDetail detail) {
        Map<String, Object> json = account(detail.account());
        json.put("contacts", detail.contacts().stream().map(Representations::contact).toList());
        json.put("contactCount", detail.contactCount());
        return json;
    }

    static Map<String, Object> contact(Contact contact) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", contact.id());
        putIfPresent(json, "firstName", contact.firstName());
        json.put("lastName", contact.lastName());
        json.put("emails", contact.emails());
        json.put("phones", contact.phones());
        putIfPresent(json, "title", contact.title());
        putIfPresent(json, "accountId", contact.accountId());
        putIfPresent(json, "notes", contact.notes());
        stamps(json, contact.createdAt().toString(), contact.updatedAt().toString(), contact.version());
        return json;
    }

    static Map<String, Object> task(Task task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", task.id());
        json.put("title", task.title());
        putIfPresent(json, "description", task.description());
        json.put("dueDate", task.dueDate().toString());
        json.put("assigneeId", task.assigneeId());
        json.put("status", task.status().name());
        putIfPresent(json, "accountId", task.accountId());
        putIfPresent(json, "contactId", task.contactId());
        putIfPresent(json, "opportunityId", task.opportunityId());
        putIfPresent(json, "createdBy", task.createdBy());
        putIfPresent(json, "completedAt", task.completedAt() == null ? null : task.completedAt().toString());
        putIfPresent(json, "handedOverFrom", task.handedOverFrom());
        putIfPresent(json, "handedOverAt", task.handedOverAt() == null ? null : task.handedOverAt().toString());
        stamps(json, task.createdAt().toString(), task.updatedAt().toString(), task.version());
        return json;
    }

    static Map<String, Object> timelineEntry(TimelineEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", entry.kind());
        json.put("refId", entry.refId());
        json.put("at", entry.at().toString());
        putIfPresent(json, "type", entry.type());
        putIfPresent(json, "title", entry.title());
        putIfPresent(json, "summary", entry.summary());
        putIfPresent(json, "by", entry.by());
        if (!entry.details().isEmpty()) {
            json.put("details", new java.util.TreeMap<>(entry.details()));
        }
        return json;
    }

    static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> item) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.items().stream().map(item).toList());
        json.put("nextCursor", page.nextCursor());
        return json;
    }

    private static Map<String, Object> address(Address address) {
        Map<String, Object> json = new LinkedHashMap<>();
        putIfPresent(json, "street", address.street());
        putIfPresent(json, "postalCode", address.postalCode());
        putIfPresent(json, "city", address.city());
        putIfPresent(json, "state", address.state());
        putIfPresent(json, "country", address.country());
        return json;
    }

    private static void stamps(Map<String, Object> json, String createdAt, String updatedAt, long version) {
        json.put("createdAt", createdAt);
        json.put("updatedAt", updatedAt);
        json.put("version", version);
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
