package app.integreat.crm.mail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.google.re2j.Pattern;
import java.util.stream.Collectors;

/** The words mail clients print in forwarded blocks, in the languages of the clients we have seen. */
final class ForwardLabels {

    /** What a header line in a forwarded block says. */
    enum Kind { FROM, TO, CC, DATE, SUBJECT, REPLY_TO, OTHER }

    private static final Map<String, Kind> LABELS = new LinkedHashMap<>();

    static {
        put(Kind.FROM, "from", "von", "de", "da", "od", "fra", "från", "van", "lähettäjä", "feladó", "šalje", "saatja",
            "от", "від", "від кого", "отправитель", "kimden", "gönderen", "expeditorul", "de la", "mittente",
            "nadawca", "送信元", "差出人", "absender", "expéditeur", "remitente", "remetente", "odesílatel");
        put(Kind.TO, "to", "an", "à", "a", "para", "do", "til", "till", "aan", "komu", "pre", "címzett", "prima",
            "kime", "кому", "vastaanottaja", "destinatarul", "către", "pour", "adresat", "送信先", "宛先",
            "empfänger", "destinataire", "destinatario", "adresát");
        put(Kind.CC, "cc", "kopie", "kopie (cc)", "kopia", "kopi", "kópia", "kopio", "копия", "копія", "másolat",
            "másolatot kap", "bilgi", "dw", "copie à", "cópia", "copia", "bcc", "blindkopie");
        put(Kind.DATE, "date", "datum", "sent", "gesendet", "fecha", "data", "dato", "dátum", "päivämäärä", "päiväys",
            "дата", "tarih", "dată", "envoyé", "enviado", "inviato", "verzonden", "sendt", "skickat", "lähetetty",
            "elküldve", "odoslané", "wysłano", "отправлено", "відправлено", "gönderilen", "trimis", "日付",
            "送信日時", "odesláno", "poslano", "sent at", "date sent");
        put(Kind.SUBJECT, "subject", "betreff", "objet", "asunto", "oggetto", "onderwerp", "emne", "ämne", "aihe",
            "tárgy", "predmet", "předmět", "temat", "тема", "konu", "subiectul", "subiect", "naslov", "assunto",
            "sujet", "件名", "titel");
        put(Kind.REPLY_TO, "reply-to", "reply to", "antwort an", "répondre à", "responder a", "rispondi a",
            "svar till", "odpowiedź do");
        put(Kind.OTHER, "importance", "wichtigkeit", "priority", "priorität", "attachments", "anlagen", "anhänge",
            "categories", "kategorien", "organization", "organisation");
    }

    /** A header line: optional bold stars, a label, a colon (ASCII or full-width), the value. */
    static final Pattern LINE = Pattern.compile("^\\*?\\s*(" + alternation() + ")\\s*\\*?\\s*[:：]\\s*\\*?\\s*(.*)$",
        Pattern.CASE_INSENSITIVE);

    /**
     * Labels glued together on one line (Yahoo): "From: A <a@b>To: b@c" — matched where they start. Group 2 is
     * the colon with the blanks before it, or the one blank after a label without colon.
     */
    static final Pattern INLINE = Pattern.compile("(" + alternation() + ")(\\s*[:：]|\\s)", Pattern.CASE_INSENSITIVE);

    /** Lines that announce a forward without dashes (Apple Mail, MailMate and others). */
    static final Pattern PHRASE = Pattern.compile("^(?:begin forwarded message|forwarded message"
        + "|anfang der weitergeleiteten nachricht|weitergeleitete nachricht|začátek přeposílané zprávy"
        + "|start på videresendt besked|inicio del mensaje reenviado|välitetty viesti alkaa"
        + "|début du message réexpédié|započni proslijeđenu poruku|továbbított levél kezdete"
        + "|inizio messaggio inoltrato|begin doorgestuurd bericht|videresendt melding"
        + "|początek przekazywanej wiadomości|início da mensagem reencaminhada|início da mensagem encaminhada"
        + "|începe mesajul redirecționat|начало переадресованного сообщения|začiatok preposlanej správy"
        + "|vidarebefordrat mejl|İleti başlangıcı|початок листа, що пересилається)\\s*:?\\s*$",
        Pattern.CASE_INSENSITIVE);

    private ForwardLabels() {
    }

    static Kind kind(String label) {
        String key = Scan.collapseSpaces(label.strip()).toLowerCase(Locale.ROOT);
        return LABELS.getOrDefault(key, Kind.OTHER);
    }

    private static void put(Kind kind, String... labels) {
        for (String label : labels) {
            LABELS.put(label, kind);
        }
    }

    private static String alternation() {
        List<String> labels = new ArrayList<>(LABELS.keySet());
        // longest first, so that "de la" wins over "de" and "kopie (cc)" over "kopie"
        labels.sort(Comparator.comparingInt(String::length).reversed());
        return labels.stream()
            .map(l -> Arrays.stream(l.split(" ")).map(Pattern::quote).collect(Collectors.joining("\\s+")))
            .collect(Collectors.joining("|"));
    }
}
