package org.rareegress;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The floors of the house point one way (docs/design.md, "Packages"): the input model at the bottom, the
 * decisions on it, their encodings and formats, then configuration composing the packages' own settings,
 * then the topology wiring them, and the commands on top. Each rule names what may not point where, so a
 * new import that points back fails here with the offending class and line.
 */
class ArchitectureTest {
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.rareegress");

    /** Packages that neither know Kafka nor how the detector is configured, run or wired. */
    private static final String[] PURE = {"org.rareegress.event..", "org.rareegress.detect..",
            "org.rareegress.codec..", "org.rareegress.alert..", "org.rareegress.allow..", "org.rareegress.order.."};

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("org.rareegress.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void noPackageCycles() {
        // Sub-packages too (runtime.replay, runtime.demo, ...): each is a floor of its own.
        slices().matching("org.rareegress.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void eventDependsOnNoOtherPackageOfTheProduct() {
        noClasses().that().resideInAPackage("org.rareegress.event..")
                .should().dependOnClassesThat(ofTheProductOutside("org.rareegress.event.."))
                .check(PRODUCT);
    }

    @Test
    void theInputModelKnowsNoReader() {
        // event.read turns raw records into the model (NetworkEvent, DeadLetter, SourceRef...), never the reverse.
        noClasses().that().resideInAPackage("org.rareegress.event")
                .should().dependOnClassesThat().resideInAPackage("org.rareegress.event.read..")
                .check(PRODUCT);
    }

    @Test
    void detectDependsOnlyOnEvent() {
        noClasses().that().resideInAPackage("org.rareegress.detect..")
                .should().dependOnClassesThat(ofTheProductOutside("org.rareegress.detect..", "org.rareegress.event.."))
                .check(PRODUCT);
    }

    @Test
    void pureCoreUsesNoKafka() {
        noClasses().that().resideInAnyPackage(PURE)
                .or().resideInAnyPackage("org.rareegress.config..", "org.rareegress.enrich..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(PRODUCT);
    }

    @Test
    void pureCoreIsNotConfiguredThroughConfig() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAPackage("org.rareegress.config..")
                .check(PRODUCT);
    }

    @Test
    void nothingBelowTheTopologyDependsOnIt() {
        classes().that().resideInAPackage("org.rareegress.topology..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("org.rareegress.topology..",
                        "org.rareegress.backtest..", "org.rareegress.runtime..", "org.rareegress.bench..")
                .check(PRODUCT);
    }

    @Test
    void onlyMainAndBenchDependOnRuntime() {
        classes().that().resideInAPackage("org.rareegress.runtime..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("org.rareegress.runtime..",
                        "org.rareegress.bench..", "org.rareegress")
                .check(PRODUCT);
    }

    @Test
    void simulatorIsUsedOnlyByItsCommandTheDemoAndBench() {
        classes().that().resideInAPackage("org.rareegress.simulate..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("org.rareegress.simulate..",
                        "org.rareegress.runtime.demo..", "org.rareegress.bench..", "org.rareegress")
                .check(PRODUCT);
    }

    @Test
    void demoAndItsBrokerAreUsedOnlyByBenchSoTheSlimJarCanLeaveThemOut() {
        // Main names demo's command by string (NotInThisJar), so that the slim jar runs without these classes.
        classes().that().resideInAPackage("org.rareegress.runtime.demo..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("org.rareegress.runtime.demo..",
                        "org.rareegress.bench..")
                .check(PRODUCT);
    }

    @Test
    void nothingDependsOnBench() {
        classes().that().resideInAPackage("org.rareegress.bench..")
                .should().onlyHaveDependentClassesThat().resideInAPackage("org.rareegress.bench..")
                .check(PRODUCT);
    }

    private static DescribedPredicate<JavaClass> ofTheProductOutside(String... packages) {
        return resideInAPackage("org.rareegress..").and(not(resideInAnyPackage(packages)))
                .as("reside in the product outside " + String.join(", ", packages));
    }
}
