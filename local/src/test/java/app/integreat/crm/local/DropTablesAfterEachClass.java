package app.integreat.crm.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (META-INF/services, autodetection on in junit-platform.properties):
 * when a top-level test class has ended, the tables of the CRMs it made are dropped. Test classes run
 * one after the other in one JVM, so no other class is using them then.
 */
public final class DropTablesAfterEachClass implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() == null) {
            TestCrm.dropFinishedTables();
        }
    }
}
