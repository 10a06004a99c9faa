package app.integreat.crm.bench;

import app.integreat.crm.Services;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The cold-start floor: the same event types and the same SDK client setup as the CRM's functions
 * ({@link Services#dynamoDb}), and a handler that does nothing but one GetItem. Never deployed: the
 * benchmark loads it next to the deployment jar.
 */
public final class FloorHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DynamoDbClient dynamo = Services.dynamoDb(Services.Config.fromEnvironment());
    private final String table = System.getenv("TABLE_NAME");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("FLOOR#"), "sk", AttributeValue.fromS("FLOOR#"))));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.hasItem() ? 200 : 404).build();
    }
}
