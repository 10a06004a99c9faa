package app.integreat.crm.importer;

import java.io.IOException;
import java.io.InputStream;

/** One CSV of an export: a file of a folder or an entry of a zip, opened as often as needed, streamed. */
public interface CsvSource {
    /** How messages name it: the file's path, or {@code WE_….ZIP!Account.csv}. */
    String name();

    /** The Salesforce object it holds (the file name without .csv). */
    String object();

    InputStream open() throws IOException;
}
