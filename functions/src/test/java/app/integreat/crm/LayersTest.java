package app.integreat.crm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages of the deployment jar import one way: triggers ({@code api}, {@code inbound},
 * {@code reminders}, {@code work}, {@code importer}) on top, then the composition root and {@code json}, {@code core}, {@code mail},
 * {@code store}, and {@code model} at the bottom. No exceptions are listed.
 */
class LayersTest {
    private static final String ROOT = "app.integreat.crm";

    /** The rules, for the real packages under {@code base} (a fixture tree uses the same shape). */
    static LayeredArchitecture layers(String base) {
        return com.tngtech.archunit.library.Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Api").definedBy(base + ".api..")
                .layer("Inbound").definedBy(base + ".inbound..")
                .layer("Reminders").definedBy(base + ".reminders..")
                .layer("Work").definedBy(base + ".work..")
                .layer("Importer").definedBy(base + ".importer..")
                .layer("Root").definedBy(base)
                .layer("Json").definedBy(base + ".json..")
                .layer("Core").definedBy(base + ".core..")
                .layer("Mail").definedBy(base + ".mail..")
                .layer("Store").definedBy(base + ".store..")
                .layer("Model").definedBy(base + ".model..")
                // no trigger imports another, and nothing imports a trigger
                .whereLayer("Api").mayNotBeAccessedByAnyLayer()
                .whereLayer("Inbound").mayNotBeAccessedByAnyLayer()
                .whereLayer("Reminders").mayNotBeAccessedByAnyLayer()
                .whereLayer("Work").mayNotBeAccessedByAnyLayer()
                .whereLayer("Importer").mayNotBeAccessedByAnyLayer()
                .whereLayer("Root").mayOnlyBeAccessedByLayers("Api", "Inbound", "Reminders", "Work", "Importer")
                .whereLayer("Json").mayOnlyBeAccessedByLayers("Api", "Inbound", "Reminders", "Work", "Importer")
                .whereLayer("Core").mayOnlyBeAccessedByLayers("Api", "Inbound", "Reminders", "Work", "Importer", "Root")
                .whereLayer("Mail").mayOnlyBeAccessedByLayers("Core")
                // the importer writes through the stores' own transactions, with its lookup items
                .whereLayer("Store").mayOnlyBeAccessedByLayers("Core", "Importer", "Root")
                // and what each layer may use
                .whereLayer("Json").mayOnlyAccessLayers("Model")
                .whereLayer("Core").mayOnlyAccessLayers("Store", "Mail", "Model")
                .whereLayer("Mail").mayOnlyAccessLayers("Model")
                .whereLayer("Store").mayOnlyAccessLayers("Model")
                .whereLayer("Importer").mayOnlyAccessLayers("Root", "Json", "Core", "Store", "Model")
                .whereLayer("Model").mayNotAccessAnyLayer();
    }

    @Test
    void theDeploymentJarsPackagesImportOneWay() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        // guard against an import that finds nothing (then every rule would pass vacuously)
        for (String layer : List.of("api", "inbound", "reminders", "work", "importer", "json", "core", "mail", "store", "model")) {
            assertTrue(main.containPackage(ROOT + "." + layer), "classes of " + layer + " were imported");
        }
        layers(ROOT).check(main);
    }

    @Test
    void aWrongArrowFailsTheRules() {
        String fixture = ROOT + ".layersfixture";
        JavaClasses wrong = new ClassFileImporter().importPackages(fixture);
        EvaluationResult result = layers(fixture).evaluate(wrong);
        assertTrue(result.hasViolation(), "the fixture's wrong arrows are reported");
        String report = String.join("\n", result.getFailureReport().getDetails());
        // each wrong arrow of the fixture, named
        assertTrue(report.contains("layersfixture.store.WrongStore") && report.contains("layersfixture.core.RightService"),
                "store importing core is reported: " + report);
        assertTrue(report.contains("layersfixture.inbound.WrongHandler") && report.contains("layersfixture.api.RightHandler"),
                "a trigger importing another is reported: " + report);
        assertFalse(report.contains("RightModel>") && report.contains("RightModel.<init>() calls"),
                "a right arrow is not reported");
    }
}
