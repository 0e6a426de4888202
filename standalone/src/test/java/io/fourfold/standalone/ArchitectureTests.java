package io.fourfold.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The layout rules of ../shared/STYLE.md, checked so that they cannot rot: the two services never import each
 * other, the contract knows nothing of its users, backends are reached only through the SPI, the Java client
 * knows only the HTTP contract (an application takes its jar alone), and the worker engine lives in the worker
 * starter, which knows nothing of worker-service's built-in handlers.
 */
@AnalyzeClasses(packages = "io.fourfold",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTests.DoNotIncludeTestJars.class})
class ArchitectureTests {

    /** Test fixtures shipped as test-jars (the worker starter's) are tests too, wherever they are read from. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule apiNeverImportsTheWorker = noClasses().that().resideInAPackage("io.fourfold.api..")
            .should().dependOnClassesThat().resideInAPackage("io.fourfold.worker..");

    @ArchTest
    static final ArchRule workerNeverImportsTheApi = noClasses().that().resideInAPackage("io.fourfold.worker..")
            .should().dependOnClassesThat().resideInAPackage("io.fourfold.api..");

    @ArchTest
    static final ArchRule theContractKnowsNothingOfItsUsers = noClasses()
            .that().resideInAnyPackage("io.fourfold.task..", "io.fourfold.transport..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("io.fourfold.api..", "io.fourfold.worker..", "io.fourfold.standalone..");

    @ArchTest
    static final ArchRule servicesReachBackendsOnlyThroughTheSpi = noClasses()
            .that().resideInAnyPackage("io.fourfold.api..", "io.fourfold.worker..", "io.fourfold.standalone..")
            .should().dependOnClassesThat().resideInAPackage("io.fourfold.transport.(*)..");

    @ArchTest
    static final ArchRule theClientKnowsOnlyTheHttpContract = noClasses().that().resideInAPackage("io.fourfold.client..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fourfold.task..", "io.fourfold.transport..",
                    "io.fourfold.api..", "io.fourfold.worker..", "io.fourfold.standalone..");

    /** The classes of the {@code fourfold-worker-spring-boot-starter} jar (or its classes folder in the reactor). */
    private static final DescribedPredicate<JavaClass> IN_THE_WORKER_STARTER = DescribedPredicate.describe(
            "are in the worker starter", type -> type.getSource()
                    .map(source -> source.getUri().toString().contains("worker-spring-boot-starter"))
                    .orElse(false));

    @ArchTest
    static final ArchRule theWorkerStarterNeverImportsTheBuiltInHandlers = noClasses().that(IN_THE_WORKER_STARTER)
            .should().dependOnClassesThat().resideInAPackage("io.fourfold.worker.handlers..");

    @ArchTest
    static final ArchRule theWorkerEngineLivesInTheStarter = classes()
            .that().resideInAnyPackage("io.fourfold.worker.execution..", "io.fourfold.worker.consumption..",
                    "io.fourfold.worker.system..")
            .should(ArchConditions.be(IN_THE_WORKER_STARTER));

    /**
     * A backend's class is public only for its auto-configuration or for another backend: the RabbitMQ backend keeps
     * its records in the Redis store, so the store's classes are public, and nothing else uses them.
     */
    @ArchTest
    static final ArchRule backendsArePublicOnlyForTheirAutoConfigurationOrAnotherBackend = classes()
            .that().resideInAPackage("io.fourfold.transport.(*)..")
            .and().haveModifier(JavaModifier.PUBLIC)
            .and().areNotAnnotatedWith(AutoConfiguration.class)
            .should().onlyHaveDependentClassesThat().resideInAPackage("io.fourfold.transport..")
            .allowEmptyShould(true);
}
