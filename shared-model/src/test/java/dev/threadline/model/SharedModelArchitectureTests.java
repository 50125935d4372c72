package dev.threadline.model;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The shared model is records and enums of the wire and the store: no Spring, no driver, no broker client. */
@AnalyzeClasses(packages = "dev.threadline.model", importOptions = ImportOption.DoNotIncludeTests.class)
class SharedModelArchitectureTests {

    @ArchTest
    static final ArchRule depends_only_on_the_jdk_jackson_annotations_and_jspecify = classes()
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.threadline.model..", "com.fasterxml.jackson.annotation..",
                    "org.jspecify.annotations..");

    @ArchTest
    static final ArchRule holds_records_enums_and_constants = classes().that().areTopLevelClasses()
            .and().areNotInterfaces().and().doNotHaveSimpleName("package-info")
            .should().beRecords().orShould().beEnums().orShould().haveOnlyFinalFields();
}
