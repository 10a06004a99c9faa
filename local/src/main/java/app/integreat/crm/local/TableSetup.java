package app.integreat.crm.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** Creates the table on the emulator from the template's own definition (key schema and GSIs). */
public final class TableSetup {
    private TableSetup() {
    }

    public static CreateTableRequest createRequest(Template template, String tableName) {
        Map<String, Object> properties = template.tableProperties();
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object definition : Template.list(properties.get("AttributeDefinitions"), "AttributeDefinitions")) {
            Map<String, Object> attribute = Template.map(definition, "AttributeDefinition");
            attributes.add(AttributeDefinition.builder()
                    .attributeName((String) attribute.get("AttributeName"))
                    .attributeType((String) attribute.get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        Object gsis = properties.get("GlobalSecondaryIndexes");
        if (gsis != null) {
            for (Object definition : Template.list(gsis, "GlobalSecondaryIndexes")) {
                Map<String, Object> index = Template.map(definition, "GlobalSecondaryIndex");
                Map<String, Object> projection = Template.map(index.get("Projection"), "Projection");
                indexes.add(GlobalSecondaryIndex.builder()
                        .indexName((String) index.get("IndexName"))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(Projection.builder().projectionType((String) projection.get("ProjectionType")).build())
                        .build());
            }
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(properties.get("KeySchema")))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    /** Creates the table unless it exists already. */
    public static void ensureTable(DynamoDbClient dynamo, Template template, String tableName) {
        boolean created;
        try {
            dynamo.createTable(createRequest(template, tableName));
            created = true;
        } catch (ResourceInUseException e) {
            // created by an earlier run against the same emulator (with its TTL)
            created = false;
        }
        dynamo.waiter().waitUntilTableExists(builder -> builder.tableName(tableName));
        Object ttl = template.tableProperties().get("TimeToLiveSpecification");
        if (created && ttl != null) {
            // the emulator records it but deletes nothing by itself: the CRM treats expired items as gone
            Map<String, Object> spec = Template.map(ttl, "TimeToLiveSpecification");
            dynamo.updateTimeToLive(builder -> builder.tableName(tableName).timeToLiveSpecification(
                    s -> s.attributeName((String) spec.get("AttributeName")).enabled(Boolean.TRUE.equals(spec.get("Enabled")))));
        }
    }

    private static List<KeySchemaElement> keySchema(Object definition) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object element : Template.list(definition, "KeySchema")) {
            Map<String, Object> key = Template.map(element, "KeySchemaElement");
            keys.add(KeySchemaElement.builder()
                    .attributeName((String) key.get("AttributeName"))
                    .keyType((String) key.get("KeyType")).build());
        }
        return keys;
    }
}
