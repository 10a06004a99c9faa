package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.local.TestCrm.Caller;
import app.integreat.crm.local.TestCrm.Reply;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountType;
import app.integreat.crm.store.BulkLoad;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ?format=csv on the lists: every row of the filter (more than a page), a German spreadsheet's CSV
 * (BOM, ";", quoting), headers in the member's language, no formulas; large ones through S3.
 */
class CsvExportApiTest {
    static final int BULK = 450;
    static TestCrm crm;
    static Caller admin;

    @BeforeAll
    static void accounts() {
        crm = new TestCrm();
        admin = crm.admin();
        assertEquals(201, admin.post("/accounts", Map.of("name", "=HYPERLINK(\"http://x\")", "type", "OTHER")).status());
        assertEquals(201, admin.post("/accounts", Map.of("name", "Müller; Söhne \"GmbH\"", "type", "PARTNER",
                "address", Map.of("city", "München"))).status());
        load(crm, BULK);
    }

    static void load(TestCrm crm, int count) {
        Instant now = Instant.now();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(new Account(crm.crm.services().ids().next(), String.format("Gemeinde %05d", i),
                    i % 2 == 0 ? AccountType.MUNICIPALITY : AccountType.PARTNER, null, null, null, List.of(), null, now, now, 1, null));
        }
        BulkLoad.accounts(crm.crm.dynamo(), crm.crm.services().table(), accounts);
    }

    static List<CSVRecord> parse(String body) throws IOException {
        assertTrue(body.startsWith("\uFEFF"), "a byte order mark first");
        return CSVFormat.EXCEL.builder().setDelimiter(';').get().parse(new StringReader(body.substring(1))).getRecords();
    }

    static int column(CSVRecord header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not in " + header);
    }

    @Test
    void everyRowOfTheFilterAsASpreadsheetsCsv() throws IOException {
        long start = System.nanoTime();
        Reply reply = admin.get("/accounts?format=csv&limit=5");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("CsvExportApiTest: " + (BULK + 2) + " accounts exported in " + millis + " ms");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("text/csv; charset=utf-8", reply.header("Content-Type"));
        assertTrue(reply.header("Content-Disposition").startsWith("attachment; filename=\"accounts-"), reply.header("Content-Disposition"));
        assertTrue(reply.body().contains("\r\n") && reply.body().split("\r\n")[0].contains(";"), "; between fields, CRLF");
        List<CSVRecord> records = parse(reply.body());
        CSVRecord header = records.get(0);
        assertEquals(BULK + 2, records.size() - 1, "every account, not one page (nor the limit)");
        int name = column(header, "Name");
        int type = column(header, "Art");
        int city = column(header, "Ort");
        List<String> names = records.stream().skip(1).map(r -> r.get(name)).toList();
        assertTrue(names.contains("'=HYPERLINK(\"http://x\")"), "a formula is defused");
        CSVRecord mueller = records.stream().filter(r -> r.get(name).startsWith("Müller")).findFirst().orElseThrow();
        assertEquals("Müller; Söhne \"GmbH\"", mueller.get(name), "quoted where needed, read back as it was");
        assertEquals("München", mueller.get(city));
        assertEquals("PARTNER", mueller.get(type));
        assertTrue(reply.body().contains("\"Müller; Söhne \"\"GmbH\"\"\""), "quotes doubled inside a quoted field");

        Reply partners = admin.get("/accounts?type=PARTNER&format=csv");
        assertEquals(BULK / 2 + 1, parse(partners.body()).size() - 1, "the filter holds");
    }

    @Test
    void headersInTheMembersLanguageAndOnlyForLists() throws IOException {
        Caller english = crm.member("reader@integreat.example", "MEMBER");
        String id = english.get("/me").string("id");
        assertEquals(200, english.ifMatch("\"1\"").patch("/members/" + id, Map.of("language", "en")).status());
        CSVRecord header = parse(english.get("/accounts?type=OTHER&format=csv").body()).get(0);
        column(header, "Type");
        column(header, "Name");
        Reply single = admin.get("/members/" + id + "?format=csv");
        assertEquals(400, single.status(), single::toString);
        assertTrue(single.body().contains("\"format\""), single::toString);
    }

    @Test
    void aLargeExportGoesThroughS3() throws Exception {
        TestCrm small = new TestCrm(settings -> settings.withExportInlineMaxBytes(2_000), Clock.systemUTC());
        load(small, 120);
        Reply redirect = small.admin().get("/accounts?format=csv");
        assertEquals(302, redirect.status(), redirect::toString);
        String url = redirect.header("Location");
        assertEquals(url, redirect.string("url"));
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, file.statusCode(), file::body);
        assertEquals(121, parse(file.body()).size(), "header and every account");
        Reply link = small.admin().get("/accounts?format=csv&redirect=false");
        assertEquals(200, link.status(), link::toString);
        assertEquals(120, ((Number) link.json().get("rows")).intValue());
    }
}
