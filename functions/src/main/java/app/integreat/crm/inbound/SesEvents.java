package app.integreat.crm.inbound;

import app.integreat.crm.model.InboundDelivery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SES receipt-rule event (the released aws-lambda-java-events has no class for it): only the
 * fields the CRM uses, read explicitly from the parsed JSON. Samples: events/ses-*.json.
 */
final class SesEvents {
    private SesEvents() {
    }

    /** The deliveries of an event; records of other sources are ignored. */
    static List<InboundDelivery> deliveries(Map<String, Object> event, String rawMailPrefix) {
        List<InboundDelivery> deliveries = new ArrayList<>();
        for (Object element : list(event.get("Records"))) {
            Map<String, Object> record = map(element);
            Map<String, Object> ses = map(record.get("ses"));
            Map<String, Object> mail = map(ses.get("mail"));
            Map<String, Object> receipt = map(ses.get("receipt"));
            Object messageId = mail.get("messageId");
            if (!(messageId instanceof String id) || id.isBlank() || !id.matches("[A-Za-z0-9._-]{1,200}")) {
                throw new IllegalArgumentException("an SES record without a usable mail.messageId");
            }
            deliveries.add(new InboundDelivery(id, instant(receipt.get("timestamp")), strings(receipt.get("recipients")),
                    verdict(receipt, "spamVerdict"), verdict(receipt, "virusVerdict"), verdict(receipt, "dmarcVerdict"),
                    rawMailPrefix + id));
        }
        return deliveries;
    }

    private static String verdict(Map<String, Object> receipt, String name) {
        Object status = map(receipt.get(name)).get("status");
        return status instanceof String text ? text : null;
    }

    private static Instant instant(Object value) {
        try {
            return value instanceof String text ? Instant.parse(text) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object element : list(value)) {
            if (element instanceof String text) {
                out.add(text);
            }
        }
        return out;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
