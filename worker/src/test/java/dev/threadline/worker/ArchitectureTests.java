package dev.threadline.worker;

import java.util.Arrays;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The worker's packages depend downwards only: run on assistant on model and tool; the store on nothing of the worker. */
@AnalyzeClasses(packages = "dev.threadline.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String WORKER = "dev.threadline.worker";

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching(WORKER + ".(*)..").should().beFreeOfCycles();

    /** The slices above leave out the root package: the application may use the command line, not the reverse. */
    @ArchTest
    static final ArchRule theCommandLineDoesNotKnowTheApplication = noClasses().that().resideInAPackage(WORKER + ".cli..")
            .should().dependOnClassesThat().resideInAPackage(WORKER);

    @ArchTest
    static final ArchRule runDependsOnlyOnTheFeaturesBelowIt = classes().that().resideInAPackage(WORKER + ".run..")
            .should().onlyDependOnClassesThat(resideOutsideTheWorkerOr("run", "assistant", "model", "tool", "store",
                    "sentiment", "observe", "title"));

    @ArchTest
    static final ArchRule assistantDoesNotKnowRuns = classes().that().resideInAPackage(WORKER + ".assistant..")
            .should().onlyDependOnClassesThat(resideOutsideTheWorkerOr("assistant", "model", "tool"));

    @ArchTest
    static final ArchRule modelAndToolKnowNoOrchestration = noClasses().that()
            .resideInAnyPackage(WORKER + ".model..", WORKER + ".tool..")
            .should().dependOnClassesThat().resideInAnyPackage(WORKER + ".run..", WORKER + ".assistant..");

    /** MCP tools plug into the registry as a {@code ToolSource}: nothing but the tools knows them. */
    @ArchTest
    static final ArchRule mcpDependsOnlyOnTools = classes().that().resideInAPackage(WORKER + ".mcp..")
            .should().onlyDependOnClassesThat(resideOutsideTheWorkerOr("mcp", "tool"));

    @ArchTest
    static final ArchRule storeDependsOnNoOtherWorkerPackage = classes().that().resideInAPackage(WORKER + ".store..")
            .should().onlyDependOnClassesThat(resideOutsideTheWorkerOr("store"));

    @ArchTest
    static final ArchRule theCommandLineIsUsedByNoFeature = noClasses().that()
            .resideInAnyPackage(WORKER + ".run..", WORKER + ".assistant..", WORKER + ".model..", WORKER + ".tool..",
                    WORKER + ".store..")
            .should().dependOnClassesThat().resideInAPackage(WORKER + ".cli..");

    /** Libraries and shared-model, or the named worker packages. */
    private static DescribedPredicate<JavaClass> resideOutsideTheWorkerOr(String... packages) {
        String[] allowed = Arrays.stream(packages).map(name -> WORKER + "." + name + "..").toArray(String[]::new);
        return resideOutsideOfPackage(WORKER + "..").or(resideInAnyPackage(allowed));
    }
}
