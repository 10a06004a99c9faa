package app.integreat.crm.model;

/** Which page a list call wants: at most {@code limit} items after the opaque {@code cursor}. */
public record PageRequest(int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static PageRequest parse(String limit, String cursor) {
        int parsed = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsed = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw CrmException.badParameter("limit", "must be a whole number between 1 and " + MAX_LIMIT);
            }
            if (parsed < 1 || parsed > MAX_LIMIT) {
                throw CrmException.badParameter("limit", "must be between 1 and " + MAX_LIMIT);
            }
        }
        return new PageRequest(parsed, cursor == null || cursor.isBlank() ? null : cursor.trim());
    }
}
