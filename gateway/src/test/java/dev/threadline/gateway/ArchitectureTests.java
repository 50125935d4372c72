package dev.threadline.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The gateway's packages depend downwards only (STYLE.md, habit 8): features on plumbing, never the other
 * way, and no package on another that depends back on it. Features plug into the STOMP plumbing through
 * its interfaces ({@code InboundStompInterceptor}, {@code ThreadOwnership}, {@code ThreadSubscriptionListener}).
 */
@AnalyzeClasses(packages = "dev.threadline.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String[] FEATURES = { "..gateway.auth..", "..gateway.thread..", "..gateway.relay..",
            "..gateway.dispatch..", "..gateway.assistant..", "..gateway.wardrobe..", "..gateway.export..",
            "..gateway.limit..", "..gateway.observe..", "..gateway.docs..", "..gateway.presence..",
            "..gateway.admin..", "..gateway.usage..", "..gateway.mcp.." };

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.threadline.gateway.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule plumbingKnowsNoFeature = noClasses()
            .that().resideInAnyPackage("..gateway.web..", "..gateway.stomp..", "..gateway.error..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule errorDependsOnNothingElseInTheGateway = noClasses()
            .that().resideInAPackage("..gateway.error..")
            .should().dependOnClassesThat(resideInAPackage("dev.threadline.gateway..")
                    .and(not(resideInAPackage("dev.threadline.gateway.error.."))));
}
