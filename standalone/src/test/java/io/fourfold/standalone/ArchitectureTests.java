package io.fourfold.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The layout rules of ../shared/STYLE.md, checked so that they cannot rot: the two services never import each
 * other, the contract knows nothing of its users, backends are reached only through the SPI, and the Java client
 * knows only the HTTP contract (an application takes its jar alone).
 */
@AnalyzeClasses(packages = "io.fourfold", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

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

    @ArchTest
    static final ArchRule backendsArePackagePrivateButForTheirAutoConfiguration = classes()
            .that().resideInAPackage("io.fourfold.transport.(*)..")
            .and().haveModifier(JavaModifier.PUBLIC)
            .should().beAnnotatedWith(AutoConfiguration.class)
            .allowEmptyShould(true);
}
