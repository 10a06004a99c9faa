package app.integreat.crm.mail;

/** Joins the text parts of a message up to a total number of characters. */
final class TextBudget {
    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    TextBudget(int maxChars) {
        this.maxChars = maxChars;
    }

    int remaining() {
        return Math.max(0, maxChars - text.length());
    }

    boolean isEmpty() {
        return text.length() == 0;
    }

    boolean truncated() {
        return truncated;
    }

    String text() {
        return text.toString().strip();
    }

    void add(BodyText.Read part) {
        String value = part.text().strip();
        truncated |= part.truncated();
        if (value.isEmpty()) {
            return;
        }
        String piece = text.length() == 0 ? value : "\n\n" + value;
        int room = remaining();
        if (piece.length() > room) {
            int end = room;
            if (end > 0 && Character.isHighSurrogate(piece.charAt(end - 1))) {
                end--;
            }
            piece = piece.substring(0, end);
            truncated = true;
        }
        text.append(piece);
    }
}
