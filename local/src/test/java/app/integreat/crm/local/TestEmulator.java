package app.integreat.crm.local;

import java.io.File;
import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one emulator of a test run: moto server started by the harness on a free port (default), or
 * LocalStack through Testcontainers with -Daws.emulator=localstack where a Docker engine exists.
 * AWS_ENDPOINT_URL, when set, points the tests at an emulator started elsewhere.
 */
final class TestEmulator {
    private static URI endpoint;

    private TestEmulator() {
    }

    static synchronized URI endpoint() {
        if (endpoint == null) {
            String external = System.getenv("AWS_ENDPOINT_URL");
            if (external != null && !external.isBlank()) {
                endpoint = URI.create(external);
            } else if ("localstack".equals(System.getProperty("aws.emulator"))) {
                LocalStackContainer localStack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                        .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.S3);
                localStack.start();
                Runtime.getRuntime().addShutdownHook(new Thread(localStack::stop));
                endpoint = localStack.getEndpoint();
            } else {
                File log = new File("target/moto-test.log");
                log.getParentFile().mkdirs();
                endpoint = Emulator.startMoto(log).endpoint();
            }
        }
        return endpoint;
    }
}
