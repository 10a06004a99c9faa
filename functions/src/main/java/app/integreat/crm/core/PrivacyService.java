package app.integreat.crm.core;

import app.integreat.crm.model.AuditEntry;
import app.integreat.crm.model.Contact;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.FreeMailDomains;
import app.integreat.crm.model.Interaction;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.InteractionStore;
import app.integreat.crm.store.MailFiles;
import app.integreat.crm.store.OpportunityStore;
import app.integreat.crm.store.PersonStore;
import app.integreat.crm.store.TaskStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A person's rights under the GDPR: the export of what is stored about them (Art. 15) and their erasure (Art. 17). */
public final class PrivacyService {
    /** At most this many other addresses of the person an erasure may name. */
    static final int MAX_MORE_ADDRESSES = 10;

    private final PersonStore people;
    private final ContactStore contacts;
    private final InteractionStore interactions;
    private final TaskStore tasks;
    private final OpportunityStore opportunities;
    private final MailFiles files;
    private final AuditLog audit;

    public PrivacyService(PersonStore people, ContactStore contacts, InteractionStore interactions, TaskStore tasks,
                          OpportunityStore opportunities, MailFiles files, AuditLog audit) {
        this.people = people;
        this.contacts = contacts;
        this.interactions = interactions;
        this.tasks = tasks;
        this.opportunities = opportunities;
        this.files = files;
        this.audit = audit;
    }

    /** Everything stored about a contact, read through its own partitions and the records they point at. */
    public record PersonData(Contact contact, List<Interaction> interactions, List<Task> tasks, List<Opportunity> opportunities) {
    }

    /** The export's records (the caller writes them out and reads the objects through {@link #object}); audited. */
    public PersonData export(Member caller, String contactId) {
        MemberService.requireAdmin(caller);
        Contact contact = contacts.get(contactId).orElseThrow(() -> CrmException.notFound("Contact", contactId));
        PersonStore.References references = people.references(contactId).orElseThrow(() -> CrmException.notFound("Contact", contactId));
        List<Interaction> found = new ArrayList<>();
        Set<String> opportunityIds = new LinkedHashSet<>();
        for (String id : references.interactionIds()) {
            interactions.get(id).ifPresent(interaction -> {
                found.add(interaction);
                interaction.links().forEach(link -> {
                    if (link.opportunityId() != null) {
                        opportunityIds.add(link.opportunityId());
                    }
                });
            });
        }
        List<Task> foundTasks = new ArrayList<>();
        for (String id : references.taskIds()) {
            tasks.get(id).ifPresent(task -> {
                foundTasks.add(task);
                if (task.opportunityId() != null) {
                    opportunityIds.add(task.opportunityId());
                }
            });
        }
        List<Opportunity> foundOpportunities = new ArrayList<>();
        opportunityIds.forEach(id -> opportunities.get(id).ifPresent(foundOpportunities::add));
        audit.record(caller.id(), AuditEntry.CONTACT_EXPORTED, "CONTACT", contactId, null);
        return new PersonData(contact, found, foundTasks, foundOpportunities);
    }

    /** A raw mail or attachment of the export; null when the bucket's lifecycle rule expired it. */
    public byte[] object(String key) {
        try (InputStream in = files.open(key)) {
            return in.readAllBytes();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Erases the person: body {@code reason} (required, kept in the audit log: no names) and optional
     * {@code moreAddresses} (other addresses of theirs, for unresolved and quarantined mail). Answers the
     * counts of what was removed; a contact that is not there (erased already) is 404.
     */
    public Map<String, Integer> erase(Member caller, String contactId, Map<String, Object> body) {
        MemberService.requireAdmin(caller);
        // an unknown (or erased) contact is 404 whatever the body says, so a repeat never reads as a mistake
        contacts.get(contactId).orElseThrow(() -> CrmException.notFound("Contact", contactId));
        Input in = Input.of(body);
        // the reason goes into the audit log: required, no names (the page says so)
        String reason = in.text("reason", AuditEntry.MAX_REASON_CHARS, true);
        List<String> moreAddresses = in.emails("moreAddresses", MAX_MORE_ADDRESSES);
        in.finish();
        Set<String> more = new LinkedHashSet<>(moreAddresses == null ? List.of() : moreAddresses);
        AuditEntry entry = audit.entry(caller.id(), AuditEntry.CONTACT_ERASED, "CONTACT", contactId, reason);
        return people.erase(contactId, more, FreeMailDomains::isFreeMail, entry)
                .orElseThrow(() -> CrmException.notFound("Contact", contactId));
    }
}
