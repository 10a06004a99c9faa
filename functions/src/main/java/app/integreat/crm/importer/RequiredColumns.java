package app.integreat.crm.importer;

import java.util.List;

/** The columns each Salesforce object's CSV must have (a missing one is bad input, named by file and line). */
final class RequiredColumns {
    static final List<String> USER_REQUIRED = List.of("Id", "Email");
    static final List<String> RECORD_TYPE_REQUIRED = List.of("Id", "Name");
    static final List<String> ACCOUNT_REQUIRED = List.of("Id", "Name");
    static final List<String> AFFILIATION_REQUIRED = List.of("Id", "npe5__Contact__c", "npe5__Organization__c");
    static final List<String> CONTACT_REQUIRED = List.of("Id", "LastName");
    static final List<String> OPPORTUNITY_REQUIRED = List.of("Id", "Name", "AccountId", "StageName");
    static final List<String> HISTORY_REQUIRED = List.of("Id", "OpportunityId", "StageName", "CreatedDate");
    static final List<String> ROLE_REQUIRED = List.of("Id", "OpportunityId", "ContactId");
    static final List<String> EMAIL_MESSAGE_REQUIRED = List.of("Id");
    static final List<String> ACTIVITY_REQUIRED = List.of("Id", "Subject");
    static final List<String> NOTE_REQUIRED = List.of("Id", "ParentId");
    static final List<String> ATTACHMENT_REQUIRED = List.of("Id", "ParentId", "Name");
    static final List<String> CONTENT_VERSION_REQUIRED = List.of("Id", "ContentDocumentId");
    static final List<String> DOCUMENT_LINK_REQUIRED = List.of("ContentDocumentId", "LinkedEntityId");

    private RequiredColumns() {
    }
}
