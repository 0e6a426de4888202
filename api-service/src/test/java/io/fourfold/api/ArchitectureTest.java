package io.fourfold.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The api talks to backends only through the SPI, and never to the worker: standalone is what composes them. */
@AnalyzeClasses(packages = "io.fourfold.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule apiNeverUsesTheWorker = noClasses().that().resideInAPackage("io.fourfold.api..")
            .should().dependOnClassesThat().resideInAPackage("io.fourfold.worker..");

    @ArchTest
    static final ArchRule apiUsesOnlyTheBackendSpi = noClasses().that().resideInAPackage("io.fourfold.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fourfold.transport.*..")
            .because("backends are chosen by fourfold.transport and reached only through TaskTransport and TaskStore");
}
