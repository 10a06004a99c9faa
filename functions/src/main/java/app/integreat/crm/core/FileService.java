package app.integreat.crm.core;

import app.integreat.crm.model.CrmException;
import app.integreat.crm.model.StoredFile;
import app.integreat.crm.store.FileStore;
import java.util.List;

/** The files of accounts and contacts (imported Salesforce attachments and files). */
public final class FileService {
    private final FileStore files;

    public FileService(FileStore files) {
        this.files = files;
    }

    /** One Query (see {@link FileStore#list}). */
    public List<StoredFile> ofAccount(String id) {
        return files.list("ACCOUNT", id).orElseThrow(() -> CrmException.notFound("Account", id));
    }

    public List<StoredFile> ofContact(String id) {
        return files.list("CONTACT", id).orElseThrow(() -> CrmException.notFound("Contact", id));
    }
}
