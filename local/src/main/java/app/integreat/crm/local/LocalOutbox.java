package app.integreat.crm.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * What the functions asked SES to send and SES accepted, recorded on the SES client of the local
 * CRM (the request still goes to the emulator), for GET /dev/outbox and the tests. Reading the
 * emulator's own model dump instead costs time that grows with everything the emulator holds.
 */
public final class LocalOutbox implements ExecutionInterceptor {
    private final List<Map<String, Object>> mails = new ArrayList<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest send && send.content() != null && send.content().simple() != null) {
            Map<String, Object> mail = new LinkedHashMap<>();
            mail.put("from", send.fromEmailAddress());
            mail.put("to", send.destination() == null ? List.of() : List.copyOf(send.destination().toAddresses()));
            mail.put("subject", send.content().simple().subject().data());
            mail.put("body", send.content().simple().body().text() == null ? null : send.content().simple().body().text().data());
            Map<String, String> headers = new LinkedHashMap<>();
            send.content().simple().headers().forEach(h -> headers.put(h.name(), h.value()));
            mail.put("headers", headers);
            synchronized (mails) {
                mails.add(mail);
            }
        }
    }

    /** The mails sent so far, oldest first: {from, to, subject, body, headers}. */
    public List<Map<String, Object>> mails() {
        synchronized (mails) {
            return List.copyOf(mails);
        }
    }
}
