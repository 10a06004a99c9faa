package app.integreat.crm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

    @Test
    void defaultLimitIs50() {
        PageRequest page = PageRequest.parse(null, null);
        assertEquals(50, page.limit());
        assertEquals(PageRequest.DEFAULT_LIMIT, page.limit());
        assertNull(page.cursor());
    }

    @Test
    void limitsWithinRangeAreAccepted() {
        assertEquals(1, PageRequest.parse("1", null).limit());
        assertEquals(200, PageRequest.parse("200", null).limit());
        assertEquals(PageRequest.MAX_LIMIT, PageRequest.parse("200", null).limit());
        assertEquals(25, PageRequest.parse(" 25 ", null).limit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "abc", "", " ", "1.5", "10x", "99999999999"})
    void limitsOutOfRangeOrNotNumbersAreBadRequests(String limit) {
        CrmException e = assertThrows(CrmException.class, () -> PageRequest.parse(limit, null));
        assertEquals(CrmException.Kind.BAD_REQUEST, e.kind());
        assertEquals(400, e.kind().status);
        assertEquals(1, e.errors().size());
        assertEquals("limit", e.errors().get(0).field());
        assertTrue(e.detail().startsWith("limit"), e.detail());
        assertTrue(e.detail().contains("200"), e.detail());
    }

    @Test
    void blankCursorIsNull() {
        assertNull(PageRequest.parse(null, "").cursor());
        assertNull(PageRequest.parse(null, "   ").cursor());
        assertNull(PageRequest.parse("10", null).cursor());
    }

    @Test
    void cursorIsKeptTrimmed() {
        assertEquals("eyJwayI6IngifQ", PageRequest.parse(null, "eyJwayI6IngifQ").cursor());
        assertEquals("eyJwayI6IngifQ", PageRequest.parse(null, " eyJwayI6IngifQ ").cursor());
        PageRequest page = PageRequest.parse("10", "abc");
        assertEquals(new PageRequest(10, "abc"), page);
    }
}
