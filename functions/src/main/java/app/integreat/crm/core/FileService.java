package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.StoredFile;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.ContactStore;
import app.integreat.crm.store.FileStore;
import java.util.List;

/** The files of accounts and contacts (imported Salesforce attachments and files). */
public final class FileService {
    private final FileStore files;
    private final AccountStore accounts;
    private final ContactStore contacts;

    public FileService(FileStore files, AccountStore accounts, ContactStore contacts) {
        this.files = files;
        this.accounts = accounts;
        this.contacts = contacts;
    }

    /** One Query; a record without files is told from a missing one by one GetItem. */
    public List<StoredFile> ofAccount(String id) {
        List<StoredFile> found = files.list("ACCOUNT", id);
        if (found.isEmpty() && !accounts.exists(id)) {
            throw CrmException.notFound("Account", id);
        }
        return found;
    }

    public List<StoredFile> ofContact(String id) {
        List<StoredFile> found = files.list("CONTACT", id);
        if (found.isEmpty() && !contacts.exists(id)) {
            throw CrmException.notFound("Contact", id);
        }
        return found;
    }
}
