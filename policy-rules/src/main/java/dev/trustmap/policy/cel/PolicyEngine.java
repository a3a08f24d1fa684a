package dev.trustmap.policy.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.trustmap.policy.cel.CelValues.ListOf;
import dev.trustmap.policy.cel.CelValues.Shape;
import dev.trustmap.policy.cel.CelValues.Struct;
import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy-engine facade: compiles {@link PolicyDefinition}s (CEL, checked against the typed
 * context of {@link PolicyFacts}) and evaluates them with a cost limit.
 *
 * <p>Limits, so a hostile policy can neither hang nor exhaust the portal: an expression of at
 * most {@value #MAX_EXPRESSION_LENGTH} characters, {@value #MAX_NODES} syntax nodes and
 * {@value #MAX_DEPTH} levels of nesting; at run time at most {@value #MAX_ITERATIONS}
 * comprehension iterations per evaluation (nested comprehensions count every inner step) and
 * strings of at most {@value #MAX_RESULT_STRING} characters in a message. Going over a limit at
 * run time is an {@code error} outcome, never a pass.
 */
public final class PolicyEngine {
    public static final int MAX_EXPRESSION_LENGTH = 4096;
    public static final int MAX_NODES = 1000;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_ITERATIONS = 10_000;
    public static final int MAX_RESULT_STRING = 2000;

    /** A message placeholder: {@code {pkg.purl}}. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)}");
    private static final Map<String, Shape> COMPONENT_SHAPES = shapes(Map.of(
            "pkg", PolicyFacts.PackageFacts.class, "version", PolicyFacts.VersionFacts.class,
            "evidence", PolicyFacts.EvidenceFacts.class, "scores", PolicyFacts.ScoreFacts.class,
            "review", PolicyFacts.ReviewFacts.class, "service", PolicyFacts.ServiceFacts.class),
            Map.of("events", new ListOf(CelValues.shapeOf(PolicyFacts.EventFacts.class, "an item of events"))));
    private static final Map<String, Shape> DEPENDENCY_SHAPES = shapes(Map.of(
            "service", PolicyFacts.ServiceFacts.class, "contract", PolicyFacts.ContractFacts.class,
            "provider", PolicyFacts.ProviderFacts.class), Map.of());

    private final Cel componentCel;
    private final Cel dependencyCel;

    public PolicyEngine() {
        componentCel = cel(COMPONENT_SHAPES);
        dependencyCel = cel(DEPENDENCY_SHAPES);
    }

    private static Map<String, Shape> shapes(Map<String, Class<?>> records, Map<String, Shape> extra) {
        Map<String, Shape> shapes = new HashMap<>(extra);
        records.forEach((name, type) -> shapes.put(name, CelValues.shapeOf(type, name)));
        return Map.copyOf(shapes);
    }

    private static Cel cel(Map<String, Shape> variables) {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                .maxParseRecursionDepth(MAX_DEPTH)
                .maxParseExpressionNodeCount(MAX_NODES)
                .build();
        var builder = CelFactory.plannerCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        variables.forEach((name, shape) -> builder.addVar(name, shape instanceof ListOf
                ? ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN))
                : MapType.create(SimpleType.STRING, SimpleType.DYN)));
        return builder.build();
    }

    /** Compiles a policy: CEL syntax and types, fields of the typed context, message placeholders. */
    public CompiledPolicy compile(PolicyDefinition definition) throws PolicyCompileException {
        String expression = definition.expression();
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new PolicyCompileException(List.of(new PolicyIssue("expression", 0, 0,
                    "expression is " + expression.length() + " characters; at most " + MAX_EXPRESSION_LENGTH + " are allowed")));
        }
        if (definition.message().length() > MAX_RESULT_STRING) {
            throw new PolicyCompileException(List.of(new PolicyIssue("message", 0, 0,
                    "message is longer than " + MAX_RESULT_STRING + " characters")));
        }
        boolean component = definition.target() == PolicyTarget.COMPONENT;
        Cel cel = component ? componentCel : dependencyCel;
        Map<String, Shape> shapes = component ? COMPONENT_SHAPES : DEPENDENCY_SHAPES;
        CelAbstractSyntaxTree ast;
        try {
            CelValidationResult result = cel.compile(expression);
            if (result.hasError()) {
                List<PolicyIssue> issues = new ArrayList<>();
                for (CelIssue issue : result.getErrors()) {
                    CelSourceLocation at = issue.getSourceLocation();
                    issues.add(new PolicyIssue("expression", Math.max(at.getLine(), 0), at.getColumn() < 0 ? 0 : at.getColumn() + 1,
                            explainUndeclared(CelMessages.compileIssue(issue.getMessage()), definition.target())));
                }
                throw new PolicyCompileException(issues);
            }
            ast = result.getAst();
        } catch (PolicyCompileException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new PolicyCompileException(List.of(new PolicyIssue("expression", 0, 0, e instanceof StackOverflowError
                    ? "expression is nested too deeply to be compiled" : "expression cannot be compiled")));
        }
        List<PolicyIssue> issues = new ArrayList<>();
        Set<String> reads = new TreeSet<>();
        checkFields(ast.getExpr(), new HashMap<>(shapes), ast.getSource(), issues, reads, shapes);
        Matcher m = PLACEHOLDER.matcher(definition.message());
        while (m.find()) {
            String problem = placeholderProblem(m.group(1), shapes);
            if (problem != null) {
                issues.add(new PolicyIssue("message", 1, m.start() + 1, problem));
            }
        }
        if (!issues.isEmpty()) {
            throw new PolicyCompileException(issues);
        }
        try {
            CelRuntime.Program program = cel.createProgram(ast);
            return new CompiledPolicy(definition, program, Set.copyOf(reads));
        } catch (CelEvaluationException e) {
            throw new PolicyCompileException(List.of(new PolicyIssue("expression", 0, 0,
                    CelMessages.evaluationError(e.getMessage(), e.getErrorCode(), expression))));
        }
    }

    private static String explainUndeclared(String message, PolicyTarget target) {
        if (message != null && message.startsWith("undeclared reference")) {
            return message + " (a " + target.id() + " policy may read: " + String.join(", ", new TreeSet<>(target.variables())) + ")";
        }
        return message;
    }

    /** Walks the syntax tree and reports selections of fields the typed context does not have. */
    private static Shape checkFields(CelExpr e, Map<String, Shape> scope, CelSource source, List<PolicyIssue> issues,
                                     Set<String> reads, Map<String, Shape> roots) {
        switch (e.getKind()) {
            case IDENT -> {
                String name = e.ident().name();
                if (roots.containsKey(name) && scope.get(name) == roots.get(name)) {
                    reads.add(name);
                }
                return scope.get(name);
            }
            case SELECT -> {
                Shape operand = checkFields(e.select().operand(), scope, source, issues, reads, roots);
                String field = e.select().field();
                if (operand instanceof Struct struct) {
                    Shape fieldShape = struct.fields().get(field);
                    if (fieldShape == null) {
                        int[] at = position(source, e.id());
                        issues.add(new PolicyIssue("expression", at[0], at[1], "no field '" + field + "' in "
                                + struct.typeName() + " (fields: " + String.join(", ", struct.fields().keySet()) + ")"));
                    }
                    return fieldShape;
                }
                return null;
            }
            case CALL -> {
                e.call().target().ifPresent(t -> checkFields(t, scope, source, issues, reads, roots));
                e.call().args().forEach(a -> checkFields(a, scope, source, issues, reads, roots));
                return null;
            }
            case LIST -> {
                e.list().elements().forEach(a -> checkFields(a, scope, source, issues, reads, roots));
                return null;
            }
            case MAP -> {
                e.map().entries().forEach(entry -> {
                    checkFields(entry.key(), scope, source, issues, reads, roots);
                    checkFields(entry.value(), scope, source, issues, reads, roots);
                });
                return null;
            }
            case STRUCT -> {
                e.struct().entries().forEach(entry -> checkFields(entry.value(), scope, source, issues, reads, roots));
                return null;
            }
            case COMPREHENSION -> {
                var c = e.comprehension();
                Shape range = checkFields(c.iterRange(), scope, source, issues, reads, roots);
                checkFields(c.accuInit(), scope, source, issues, reads, roots);
                Map<String, Shape> inner = new HashMap<>(scope);
                putOrHide(inner, c.iterVar(), range instanceof ListOf list ? list.element() : null);
                putOrHide(inner, c.iterVar2(), null);
                putOrHide(inner, c.accuVar(), null);
                checkFields(c.loopCondition(), inner, source, issues, reads, roots);
                checkFields(c.loopStep(), inner, source, issues, reads, roots);
                checkFields(c.result(), inner, source, issues, reads, roots);
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static void putOrHide(Map<String, Shape> scope, String name, Shape shape) {
        if (name != null && !name.isEmpty()) {
            if (shape == null) {
                scope.remove(name);
            } else {
                scope.put(name, shape);
            }
        }
    }

    private static int[] position(CelSource source, long exprId) {
        Integer offset = source.getPositionsMap().get(exprId);
        if (offset == null) {
            return new int[] {0, 0};
        }
        return source.getOffsetLocation(offset).map(l -> new int[] {l.getLine(), l.getColumn() + 1}).orElse(new int[] {0, 0});
    }

    private static String placeholderProblem(String path, Map<String, Shape> shapes) {
        String[] parts = path.split("\\.");
        Shape shape = shapes.get(parts[0]);
        if (shape == null) {
            return "unknown placeholder {" + path + "}: '" + parts[0] + "' is not one of " + String.join(", ", new TreeSet<>(shapes.keySet()));
        }
        for (int i = 1; i < parts.length; i++) {
            if (!(shape instanceof Struct struct) || !struct.fields().containsKey(parts[i])) {
                return "unknown placeholder {" + path + "}: no field '" + parts[i] + "'";
            }
            shape = struct.fields().get(parts[i]);
        }
        return null;
    }

    /** The CEL variables of a component context (build once, evaluate every policy on it). */
    public static Map<String, Object> activation(ComponentContext context) {
        return activation(context, PolicyTarget.COMPONENT.variables());
    }

    /** Only the named variables of a component context (what the policies to run need). */
    public static Map<String, Object> activation(ComponentContext context, Set<String> variables) {
        Map<String, Object> vars = new HashMap<>(16);
        for (String name : variables) {
            vars.put(name, CelValues.toCel(switch (name) {
                case "pkg" -> context.pkg();
                case "version" -> context.version();
                case "evidence" -> context.evidence();
                case "scores" -> context.scores();
                case "events" -> context.events();
                case "review" -> context.review();
                case "service" -> context.service();
                default -> throw new IllegalArgumentException("No component variable " + name);
            }));
        }
        return vars;
    }

    /** The CEL variables of a dependency context. */
    public static Map<String, Object> activation(DependencyContext context) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("service", CelValues.toCel(context.service()));
        vars.put("contract", CelValues.toCel(context.contract()));
        vars.put("provider", CelValues.toCel(context.provider()));
        return vars;
    }
}
