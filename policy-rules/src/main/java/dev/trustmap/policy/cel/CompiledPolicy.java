package dev.trustmap.policy.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** A policy ready to evaluate. Immutable and safe to share between threads. */
public final class CompiledPolicy {
    private static final Set<String> EVIDENCE_VARIABLES = Set.of("evidence", "scores", "events");

    private final PolicyDefinition definition;
    private final CelRuntime.Program program;
    private final Set<String> reads;
    private final Set<String> variables;

    CompiledPolicy(PolicyDefinition definition, CelRuntime.Program program, Set<String> reads) {
        this.definition = definition;
        this.program = program;
        this.reads = reads;
        Set<String> all = new java.util.TreeSet<>(reads);
        Matcher m = PolicyEngine.PLACEHOLDER.matcher(definition.message());
        while (m.find()) {
            all.add(m.group(1).split("\\.")[0]);
        }
        this.variables = Set.copyOf(all);
    }

    /** The context variables evaluating it needs: what the expression reads and what the message names. */
    public Set<String> variables() {
        return variables;
    }

    public PolicyDefinition definition() {
        return definition;
    }

    /** The context variables the expression reads. */
    public Set<String> reads() {
        return reads;
    }

    /** Whether the policy needs collected evidence (reads {@code evidence}, {@code scores} or {@code events}). */
    public boolean needsEvidence() {
        return reads.stream().anyMatch(EVIDENCE_VARIABLES::contains);
    }

    /**
     * Evaluates the policy on a package version used by a service. {@code activation} must be
     * {@link PolicyEngine#activation(ComponentContext)} of the same context.
     */
    public PolicyOutcome evaluate(ComponentContext context, Map<String, Object> activation) {
        return evaluate(context, () -> activation);
    }

    /** Like {@link #evaluate(ComponentContext, Map)}; the activation is only asked for when the policy runs. */
    public PolicyOutcome evaluate(ComponentContext context, java.util.function.Supplier<Map<String, Object>> activation) {
        if (definition.target() != PolicyTarget.COMPONENT) {
            return PolicyOutcome.NOT_APPLICABLE;
        }
        if (!definition.scope().applies(context.service().name(), context.service().tier(), context.pkg().ecosystem())) {
            return PolicyOutcome.NOT_APPLICABLE;
        }
        if (context.pending() && needsEvidence()) {
            return new PolicyOutcome(PolicyOutcome.Kind.PENDING, "evidence for " + context.version().purl() + " is still being collected");
        }
        return run(activation.get());
    }

    /** Evaluates the policy on one dependency contract of a service. */
    public PolicyOutcome evaluate(DependencyContext context, Map<String, Object> activation) {
        if (definition.target() != PolicyTarget.DEPENDENCY) {
            return PolicyOutcome.NOT_APPLICABLE;
        }
        if (!definition.scope().applies(context.service().name(), context.service().tier(), null)
                || definition.scope().kind().equals("ecosystem")) {
            return PolicyOutcome.NOT_APPLICABLE;
        }
        return run(activation);
    }

    private PolicyOutcome run(Map<String, Object> activation) {
        Object result;
        try {
            result = program.eval(activation);
        } catch (CelEvaluationException e) {
            return new PolicyOutcome(PolicyOutcome.Kind.ERROR, "evaluation failed: "
                    + shorten(CelMessages.evaluationError(e.getMessage(), e.getErrorCode(), definition.expression())));
        } catch (StackOverflowError | OutOfMemoryError e) {
            return new PolicyOutcome(PolicyOutcome.Kind.ERROR, "evaluation failed: the expression needs more memory or nesting than allowed");
        } catch (RuntimeException e) {
            return new PolicyOutcome(PolicyOutcome.Kind.ERROR, "evaluation failed: the expression could not be evaluated on this component");
        }
        if (result instanceof Boolean b) {
            return b ? new PolicyOutcome(PolicyOutcome.Kind.VIOLATION, render(activation)) : PolicyOutcome.PASS;
        }
        return new PolicyOutcome(PolicyOutcome.Kind.ERROR, "expression gave " + CelMessages.celType(result) + ", not a bool");
    }

    /** Fills the message's {@code {path}} placeholders from the activation. */
    String render(Map<String, Object> activation) {
        Matcher m = PolicyEngine.PLACEHOLDER.matcher(definition.message());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = lookup(activation, m.group(1));
            String text = value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return shorten(out.toString());
    }

    private static Object lookup(Map<String, Object> activation, String path) {
        Object current = activation;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return "";
            }
            current = map.get(part);
        }
        return current == null ? "" : current;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= PolicyEngine.MAX_RESULT_STRING ? text : text.substring(0, PolicyEngine.MAX_RESULT_STRING) + "…";
    }
}
