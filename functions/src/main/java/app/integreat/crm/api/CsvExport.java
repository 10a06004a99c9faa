package app.integreat.crm.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A list's rows as CSV that a German spreadsheet opens right: UTF-8 with a byte order mark, ";"
 * between fields, CRLF, values quoted where needed, a header row in the member's language. Nested
 * values are flattened (address.city), lists joined with ", ". Text that a spreadsheet would take
 * for a formula (= + - @, tab, CR first) gets a leading ' (CSV injection).
 */
final class CsvExport {
    static final String BOM = "\uFEFF";
    private static final CSVFormat FORMAT = CSVFormat.EXCEL.builder().setDelimiter(';').setRecordSeparator("\r\n").get();

    private CsvExport() {
    }

    static String csv(List<Map<String, Object>> rows, String language) {
        List<Map<String, String>> flat = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            Map<String, String> cells = new LinkedHashMap<>();
            flatten("", row, cells, language);
            columns.addAll(cells.keySet());
            flat.add(cells);
        }
        StringBuilder out = new StringBuilder(BOM);
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            List<String> header = new ArrayList<>();
            for (String column : columns) {
                header.add(label(column, language));
            }
            printer.printRecord(header);
            for (Map<String, String> cells : flat) {
                List<String> record = new ArrayList<>(columns.size());
                for (String column : columns) {
                    record.add(cells.getOrDefault(column, ""));
                }
                printer.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    private static void flatten(String prefix, Map<?, ?> values, Map<String, String> cells, String language) {
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, cells, language);
            } else if (value instanceof List<?> list) {
                List<String> parts = new ArrayList<>();
                for (Object element : list) {
                    if (element instanceof Map<?, ?> map) {
                        // a list of records (an opportunity's accounts): their names
                        Object shown = map.containsKey("name") ? map.get("name") : map.isEmpty() ? "" : map.values().iterator().next();
                        parts.add(String.valueOf(shown));
                    } else {
                        parts.add(String.valueOf(element));
                    }
                }
                cells.put(key, safe(String.join(", ", parts)));
            } else if (value instanceof Boolean yes) {
                cells.put(key, "en".equals(language) ? (yes ? "yes" : "no") : (yes ? "ja" : "nein"));
            } else if (value instanceof Number number) {
                cells.put(key, number.toString());
            } else {
                cells.put(key, value == null ? "" : safe(value.toString()));
            }
        }
    }

    /** A text a spreadsheet would evaluate starts with ' instead. */
    static String safe(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    /** Column names: German (or English), the field's name where there is no label. */
    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("id", new String[] {"ID", "ID"}), Map.entry("name", new String[] {"Name", "Name"}),
            Map.entry("type", new String[] {"Art", "Type"}), Map.entry("typeLabel", new String[] {"Art (Text)", "Type (label)"}),
            Map.entry("website", new String[] {"Website", "Website"}), Map.entry("phone", new String[] {"Telefon", "Phone"}),
            Map.entry("phones", new String[] {"Telefonnummern", "Phones"}), Map.entry("emails", new String[] {"E-Mail-Adressen", "Emails"}),
            Map.entry("email", new String[] {"E-Mail", "Email"}), Map.entry("address.street", new String[] {"Straße", "Street"}),
            Map.entry("address.postalCode", new String[] {"PLZ", "Postal code"}), Map.entry("address.city", new String[] {"Ort", "City"}),
            Map.entry("address.state", new String[] {"Bundesland", "State"}), Map.entry("address.country", new String[] {"Land", "Country"}),
            Map.entry("firstName", new String[] {"Vorname", "First name"}), Map.entry("lastName", new String[] {"Nachname", "Last name"}),
            Map.entry("title", new String[] {"Titel", "Title"}), Map.entry("accountId", new String[] {"Organisation (ID)", "Account (ID)"}),
            Map.entry("accountName", new String[] {"Organisation", "Account"}), Map.entry("accounts", new String[] {"Kommunen", "Municipalities"}),
            Map.entry("stage", new String[] {"Phase", "Stage"}), Map.entry("stageLabel", new String[] {"Phase (Text)", "Stage (label)"}),
            Map.entry("ownerId", new String[] {"Verantwortlich (ID)", "Owner (ID)"}), Map.entry("amount", new String[] {"Betrag", "Amount"}),
            Map.entry("expectedCloseDate", new String[] {"Erwarteter Abschluss", "Expected close"}),
            Map.entry("lostReason", new String[] {"Verlustgrund", "Lost reason"}), Map.entry("closedAt", new String[] {"Abgeschlossen am", "Closed at"}),
            Map.entry("open", new String[] {"Offen", "Open"}), Map.entry("daysInStage", new String[] {"Tage in der Phase", "Days in stage"}),
            Map.entry("dueDate", new String[] {"Fällig am", "Due"}), Map.entry("status", new String[] {"Status", "Status"}),
            Map.entry("assigneeId", new String[] {"Zuständig (ID)", "Assignee (ID)"}), Map.entry("description", new String[] {"Beschreibung", "Description"}),
            Map.entry("subject", new String[] {"Betreff", "Subject"}), Map.entry("occurredAt", new String[] {"Zeitpunkt", "Occurred at"}),
            Map.entry("direction", new String[] {"Richtung", "Direction"}), Map.entry("summary", new String[] {"Zusammenfassung", "Summary"}),
            Map.entry("role", new String[] {"Rolle", "Role"}), Map.entry("active", new String[] {"Aktiv", "Active"}),
            Map.entry("language", new String[] {"Sprache", "Language"}), Map.entry("contactCount", new String[] {"Kontakte", "Contacts"}),
            Map.entry("createdAt", new String[] {"Angelegt am", "Created at"}), Map.entry("updatedAt", new String[] {"Geändert am", "Updated at"}),
            Map.entry("createdBy", new String[] {"Angelegt von (ID)", "Created by (ID)"}), Map.entry("version", new String[] {"Version", "Version"}));

    static String label(String column, String language) {
        String[] labels = LABELS.get(column);
        return labels == null ? column : labels["en".equals(language) ? 1 : 0];
    }
}
