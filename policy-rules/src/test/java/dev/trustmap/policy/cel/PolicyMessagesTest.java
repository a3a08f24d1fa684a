package dev.trustmap.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What policy authors read (compile issues, evaluation errors) names their policy's terms, never a Java type. */
class PolicyMessagesTest {
    static final Pattern JAVA_ISH = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+|java\\.|com\\.google|dev\\.cel|dev\\.trustmap"
            + "|Exception|[A-Z][a-z]+[A-Z]\\w*Error\\b|<.*>|\\$|PackageFacts|VersionFacts|EvidenceFacts|ScoreFacts|ReviewFacts"
            + "|ServiceFacts|EventFacts|SignalFacts|ContractFacts|ProviderFacts|ImmutableList|Long\\b|Integer\\b|HashMap|ArrayList");

    private final PolicyEngine engine = new PolicyEngine();

    private static PolicyDefinition component(String expression) {
        return new PolicyDefinition("p", "", expression, Severity.WARN, PolicyTarget.COMPONENT, PolicyScope.ALL, "m {pkg.name}");
    }

    private List<String> messages(String expression) {
        List<String> messages = new ArrayList<>();
        try {
            CompiledPolicy policy = engine.compile(component(expression));
            ComponentContext c = Contexts.clean();
            messages.add(policy.evaluate(c, PolicyEngine.activation(c)).message());
        } catch (PolicyCompileException e) {
            e.issues().forEach(i -> messages.add(i.message()));
            messages.add(e.getMessage());
        }
        return messages;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pkg.nmae == 'x'",
        "events.exists(e, e.knd == 'deprecated')",
        "evidence.signals.exists(s, s.nam == 'x')",
        "version.licences.size() > 0",
        "int(pkg.name) > 3",
        "pkg.name / 2 == 1",
        "1 / (size(pkg.name) - size(pkg.name)) == 1",
        "scores.provenance / 0 == 1",
        "[1, 2][5] == 1",
        "pkg['nope'] == 'x'",
        "pkg.name.matches('(') ",
        "timestamp(pkg.name) > timestamp('2020-01-01T00:00:00Z')",
        "duration(pkg.name) > duration('1s')",
        "dyn(pkg.name) + 1 == 2",
        "dyn(scores.provenance) == 'x' || dyn(pkg) + 1 == 2",
        "9223372036854775807 + scores.provenance > 0",
        "-9223372036854775808 - scores.provenance < 0",
        "uint(scores.provenance) - 200u > 0u",
        "{'a': 1}[pkg.name] == 1",
        "double(pkg.name) > 1.0",
        "string(b'\\xff') == 'x'",
        "pkg.name.charAt(100) == 'x'",
        "pkg.name.substring(100) == 'x'",
        "scores.provenance + 1",
        "'text'",
        "pkg",
        "x ==",
        "pkg.name == \"\\ud800\"",
    })
    void messagesNameNoJavaType(String expression) {
        assertThat(messages(expression)).isNotEmpty().allSatisfy(m -> assertThat(m).as(expression)
                .doesNotContainPattern(JAVA_ISH));
    }
}
