package dev.trustmap.scanner.topology;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads topology files (YAML, or JSON, one service per document or a list of services) into
 * validated {@link TopologyFile}s. It works on snakeyaml-engine's node tree only — nothing is ever
 * instantiated from a tag — with duplicate keys refused, at most 50 aliases, a 3 MiB size limit
 * and a nesting limit. Every error carries file, line, column and field; all errors of a file are
 * reported together. Thread-safe.
 */
public final class TopologyParser {
    public static final int MAX_BYTES = 3 * 1024 * 1024;
    private static final int MAX_NESTING = 64;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    private static final Set<String> TIERS = Set.of("critical", "high", "standard");
    private static final Set<String> MODES = Set.of("sync", "async");
    private static final Set<String> ORDERINGS = Set.of("none", "partition-ordered", "total");
    private static final Set<String> DELIVERIES = Set.of("at-most-once", "at-least-once", "effectively-once");
    private static final Set<String> IDEMPOTENCY = Set.of("none", "key", "natural");
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
    private static final List<String> SERVICE_KEYS = List.of("service", "owner", "owner_contact", "tier", "regions",
            "critical_dependencies", "dependencies");
    private static final List<String> DEPENDENCY_KEYS = List.of("name", "service", "provider", "capability", "mode",
            "criticality", "cross_region", "ordering_guarantee", "delivery", "idempotency", "timeout_ms", "retry_owner",
            "throughput_normal", "throughput_degraded", "quota", "degraded_behavior", "fallback", "user_impact", "runbook");

    /** Parses a whole topology file. */
    public TopologyFile parse(String source, byte[] content) throws TopologyException {
        Context ctx = new Context(source);
        List<Node> documents = compose(ctx, content);
        List<ServiceTopology> services = new ArrayList<>();
        for (Node document : documents) {
            if (document instanceof SequenceNode list) {
                for (Node item : list.getValue()) {
                    service(ctx, item).ifPresent(services::add);
                }
            } else if (document instanceof MappingNode || isNull(document)) {
                if (!isNull(document)) {
                    service(ctx, document).ifPresent(services::add);
                }
            } else {
                ctx.error(document, "(document)", "a service (mapping) or a list of services is expected");
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (ServiceTopology service : services) {
            if (!seen.add(service.service())) {
                ctx.errors.add(new TopologyError(source, service.position().line(), service.position().column(), "service",
                        "service '" + service.service() + "' is declared more than once in this file"));
            }
        }
        ctx.throwIfErrors();
        return new TopologyFile(source, List.copyOf(services));
    }

    /** Parses one dependency entry (as in a service's dependency list); {@code name} may be absent. */
    public DependencySpec parseDependency(String source, byte[] content) throws TopologyException {
        return parseDependency(source, content, null);
    }

    /**
     * Parses one dependency entry of service {@code owner} (null: not known); a dependency of a
     * service on itself is an error at its {@code service} value.
     */
    public DependencySpec parseDependency(String source, byte[] content, String owner) throws TopologyException {
        Context ctx = new Context(source);
        List<Node> documents = compose(ctx, content);
        if (documents.size() != 1 || !(documents.get(0) instanceof MappingNode)) {
            Node at = documents.isEmpty() ? null : documents.get(0);
            ctx.error(at, "(document)", "exactly one dependency (a mapping) is expected");
            ctx.throwIfErrors();
        }
        DependencySpec spec = dependency(ctx, (MappingNode) documents.get(0), "", null, false, owner);
        ctx.throwIfErrors();
        return spec;
    }

    // ---------------------------------------------------------------- structure

    private java.util.Optional<ServiceTopology> service(Context ctx, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            ctx.error(node, "(service)", "a service must be a mapping with at least 'service'");
            return java.util.Optional.empty();
        }
        Map<String, Node> fields = fields(ctx, mapping, "", SERVICE_KEYS);
        String slug = slug(ctx, fields, "service", "service", SLUG, true);
        String owner = text(ctx, fields, "owner", "owner", 200);
        String contact = text(ctx, fields, "owner_contact", "owner_contact", 300);
        String tier = oneOf(ctx, fields, "tier", "tier", TIERS);
        tier = tier == null ? "standard" : tier;
        List<String> regions = regions(ctx, fields.get("regions"), "regions");
        if (fields.containsKey("critical_dependencies") && fields.containsKey("dependencies")) {
            ctx.error(fields.get("dependencies"), "dependencies", "use either 'critical_dependencies' or 'dependencies', not both");
        }
        String listKey = fields.containsKey("dependencies") ? "dependencies" : "critical_dependencies";
        List<DependencySpec> dependencies = new ArrayList<>();
        Node list = fields.get(listKey);
        if (list != null && !isNull(list)) {
            if (!(list instanceof SequenceNode sequence)) {
                ctx.error(list, listKey, "a list of dependencies is expected");
            } else {
                Set<String> names = new LinkedHashSet<>();
                int i = 0;
                for (Node item : sequence.getValue()) {
                    String path = listKey + "[" + i++ + "]";
                    if (!(item instanceof MappingNode dep)) {
                        ctx.error(item, path, "a dependency must be a mapping");
                        continue;
                    }
                    DependencySpec spec = dependency(ctx, dep, path + ".", tier, true, slug);
                    if (spec.name() != null && !names.add(spec.name())) {
                        ctx.error(dep, path + ".name", "dependency name '" + spec.name() + "' is used more than once in service '" + slug + "'");
                    }
                    dependencies.add(spec);
                }
            }
        }
        if (slug == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ServiceTopology(slug, owner, contact, tier, regions, List.copyOf(dependencies),
                ctx.position(mapping)));
    }

    /**
     * One dependency of service {@code owner}. A service depending on itself is an error (a
     * contract with itself describes no edge anyone can fail over or degrade); a longer cycle
     * (a → b → a) is legitimate and allowed.
     */
    private DependencySpec dependency(Context ctx, MappingNode mapping, String path, String tier, boolean nameRequired,
                                      String owner) {
        Map<String, Node> f = fields(ctx, mapping, path, DEPENDENCY_KEYS);
        String name = slug(ctx, f, "name", path + "name", SLUG, nameRequired);
        String service = slug(ctx, f, "service", path + "service", SLUG, false);
        if (service != null && service.equals(owner)) {
            ctx.contradiction(f.get("service"), path + "service", "service '" + owner + "' depends on itself; a dependency names "
                    + "another service or a provider");
        }
        String provider = slug(ctx, f, "provider", path + "provider", SLUG, false);
        String capability = slug(ctx, f, "capability", path + "capability", SLUG, false);
        if (service != null && provider != null) {
            ctx.error(f.get("provider"), path + "provider", "name either a provider or a service, not both");
        }
        if (provider != null && capability == null && !f.containsKey("capability")) {
            ctx.error(f.get("provider"), path + "capability", "a provider dependency must name the capability it uses");
        }
        if (service != null && capability != null) {
            ctx.error(f.get("capability"), path + "capability", "'capability' belongs to provider dependencies, not to service ones");
        }
        String mode = oneOf(ctx, f, "mode", path + "mode", MODES);
        String criticality = oneOf(ctx, f, "criticality", path + "criticality", TIERS);
        Boolean crossRegion = bool(ctx, f, "cross_region", path + "cross_region");
        String delivery = oneOf(ctx, f, "delivery", path + "delivery", DELIVERIES);
        String ordering = null;
        Node orderingNode = f.get("ordering_guarantee");
        String orderingText = scalar(ctx, orderingNode, path + "ordering_guarantee");
        if (orderingText != null) {
            for (String token : orderingText.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (t.isEmpty()) {
                    continue;
                }
                if (ORDERINGS.contains(t) && ordering == null) {
                    ordering = t;
                } else if (DELIVERIES.contains(t) && (delivery == null || delivery.equals(t))) {
                    delivery = t;
                } else {
                    ctx.error(orderingNode, path + "ordering_guarantee", "'" + t + "' is not one ordering guarantee ("
                            + String.join(", ", sorted(ORDERINGS)) + "), optionally with one delivery guarantee ("
                            + String.join(", ", sorted(DELIVERIES)) + ") that agrees with 'delivery'");
                }
            }
        }
        String idempotency = oneOf(ctx, f, "idempotency", path + "idempotency", IDEMPOTENCY);
        Integer timeout = integer(ctx, f, "timeout_ms", path + "timeout_ms", 1, 3_600_000);
        Map<String, String> quota = new LinkedHashMap<>();
        Node quotaNode = f.get("quota");
        if (quotaNode != null && !isNull(quotaNode)) {
            if (!(quotaNode instanceof MappingNode quotaMap)) {
                ctx.error(quotaNode, path + "quota", "a mapping of region to quota is expected");
            } else {
                for (NodeTuple tuple : quotaMap.getValue()) {
                    String region = scalar(ctx, tuple.getKeyNode(), path + "quota");
                    if (region == null || !REGION.matcher(region).matches()) {
                        ctx.error(tuple.getKeyNode(), path + "quota", "quota keys are regions (a-z, 0-9, '-')");
                        continue;
                    }
                    String value = scalar(ctx, tuple.getValueNode(), path + "quota." + region);
                    if (value != null) {
                        quota.put(region, limit(ctx, tuple.getValueNode(), path + "quota." + region, value, 200));
                    }
                }
            }
        }
        String runbook = text(ctx, f, "runbook", path + "runbook", 1000);
        if (runbook != null && !isHttpUrl(runbook)) {
            ctx.error(f.get("runbook"), path + "runbook", "an absolute http(s) URL is expected");
        }
        return new DependencySpec(name, service, provider, capability, mode == null ? "sync" : mode,
                criticality == null ? tier : criticality, crossRegion, ordering, delivery, idempotency, timeout,
                text(ctx, f, "retry_owner", path + "retry_owner", 200),
                text(ctx, f, "throughput_normal", path + "throughput_normal", 200),
                text(ctx, f, "throughput_degraded", path + "throughput_degraded", 200),
                Map.copyOf(quota),
                text(ctx, f, "degraded_behavior", path + "degraded_behavior", 2000),
                text(ctx, f, "fallback", path + "fallback", 2000),
                text(ctx, f, "user_impact", path + "user_impact", 2000),
                runbook, ctx.position(mapping));
    }

    // ---------------------------------------------------------------- values

    private Map<String, Node> fields(Context ctx, MappingNode mapping, String path, List<String> allowed) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(ctx, tuple.getKeyNode(), path + "(key)");
            if (key == null) {
                continue;
            }
            if (fields.containsKey(key)) {
                ctx.error(tuple.getKeyNode(), path + key, "duplicate key '" + key + "'");
                continue;
            }
            if (!allowed.contains(key)) {
                ctx.error(tuple.getKeyNode(), path + key, "unknown key '" + key + "'; allowed: " + String.join(", ", allowed));
                continue;
            }
            fields.put(key, tuple.getValueNode());
        }
        return fields;
    }

    private String slug(Context ctx, Map<String, Node> fields, String key, String path, Pattern pattern, boolean required) {
        Node node = fields.get(key);
        String value = scalar(ctx, node, path);
        if (value == null) {
            if (required) {
                ctx.error(node, path, "'" + key + "' is required");
            }
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            ctx.error(node, path, "'" + shorten(value) + "' is not a valid name (1–100 characters of a-z, 0-9 and '-', starting with a letter or digit)");
            return null;
        }
        return value;
    }

    private List<String> regions(Context ctx, Node node, String path) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            ctx.error(node, path, "a list of regions is expected");
            return List.of();
        }
        List<String> regions = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String region = scalar(ctx, item, path);
            if (region == null || !REGION.matcher(region).matches()) {
                ctx.error(item, path, "regions are 1–50 characters of a-z, 0-9 and '-'");
            } else if (!regions.contains(region)) {
                regions.add(region);
            }
        }
        return List.copyOf(regions);
    }

    private String oneOf(Context ctx, Map<String, Node> fields, String key, String path, Set<String> values) {
        Node node = fields.get(key);
        String value = scalar(ctx, node, path);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!values.contains(lower)) {
            ctx.error(node, path, "'" + shorten(value) + "' is not one of " + String.join(", ", sorted(values)));
            return null;
        }
        return lower;
    }

    private Boolean bool(Context ctx, Map<String, Node> fields, String key, String path) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        ctx.error(node, path, "true or false is expected");
        return null;
    }

    private Integer integer(Context ctx, Map<String, Node> fields, String key, String path, int min, int max) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                long value = Long.parseLong(scalar.getValue().replace("_", ""));
                if (value >= min && value <= max) {
                    return (int) value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        ctx.error(node, path, "a whole number from " + min + " to " + max + " is expected");
        return null;
    }

    private String text(Context ctx, Map<String, Node> fields, String key, String path, int max) {
        Node node = fields.get(key);
        String value = scalar(ctx, node, path);
        return value == null ? null : limit(ctx, node, path, value, max);
    }

    private String limit(Context ctx, Node node, String path, String value, int max) {
        if (value.length() > max) {
            ctx.error(node, path, "at most " + max + " characters");
            return null;
        }
        return value.isBlank() ? null : value;
    }

    /** A scalar's text, or null when absent or null; anything else (a list, a map, a custom tag) is an error. */
    private String scalar(Context ctx, Node node, String path) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            ctx.error(node, path, "YAML tags such as '" + shorten(node.getTag().getValue()) + "' are not allowed");
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            ctx.error(node, path, "a single value is expected, not a " + (node instanceof SequenceNode ? "list" : "mapping"));
            return null;
        }
        return scalar.getValue();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    // ---------------------------------------------------------------- loading

    private List<Node> compose(Context ctx, byte[] content) throws TopologyException {
        if (content.length > MAX_BYTES) {
            ctx.errors.add(new TopologyError(ctx.source, 1, 1, "(document)", "larger than " + MAX_BYTES + " bytes"));
            ctx.throwIfErrors();
        }
        checkNesting(ctx, content);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(ctx.source)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_BYTES)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node node : new Compose(settings).composeAllFromInputStream(new ByteArrayInputStream(content))) {
                documents.add(node);
            }
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            ctx.errors.add(new TopologyError(ctx.source, mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1, "(document)", "invalid YAML: " + inWords(oneLine(problem))));
        } catch (YamlEngineException e) {
            ctx.errors.add(new TopologyError(ctx.source, 1, 1, "(document)", "invalid YAML: " + inWords(oneLine(String.valueOf(e.getMessage())))));
        } catch (StackOverflowError e) {
            ctx.errors.add(new TopologyError(ctx.source, 1, 1, "(document)", "nested too deeply"));
        }
        ctx.throwIfErrors();
        return documents;
    }

    /** Refuses flow collections nested deeper than {@link #MAX_NESTING} before the composer recurses into them. */
    private static void checkNesting(Context ctx, byte[] content) throws TopologyException {
        int depth = 0;
        int line = 1;
        int column = 0;
        boolean inSingle = false;
        boolean inDouble = false;
        for (byte b : content) {
            column++;
            char c = (char) b;
            if (c == '\n') {
                line++;
                column = 0;
                inSingle = false;
            } else if (c == '"' && !inSingle) {
                inDouble = !inDouble;
            } else if (c == '\'' && !inDouble) {
                inSingle = !inSingle;
            } else if (!inSingle && !inDouble && (c == '[' || c == '{')) {
                if (++depth > MAX_NESTING) {
                    ctx.errors.add(new TopologyError(ctx.source, line, column, "(document)",
                            "nested more than " + MAX_NESTING + " levels deep"));
                    ctx.throwIfErrors();
                }
            } else if (!inSingle && !inDouble && (c == ']' || c == '}')) {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String shorten(String value) {
        String one = oneLine(value);
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }

    private static final java.util.regex.Pattern YAML_TOKEN = java.util.regex.Pattern.compile("'?<([a-z ]+)>'?");

    /** The YAML parser's token names ({@code <block end>}) in the words of someone writing the file. */
    static String inWords(String problem) {
        java.util.regex.Matcher m = YAML_TOKEN.matcher(problem);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String words = switch (m.group(1)) {
                case "stream end", "document end" -> "the end of the document";
                case "block end" -> "the end of the indented block (check the indentation)";
                case "block mapping start" -> "a new indented mapping";
                case "block sequence start" -> "a new indented list";
                case "flow mapping end" -> "'}'";
                case "flow sequence end" -> "']'";
                case "scalar" -> "a value";
                case "key" -> "a key";
                case "value" -> "a value";
                default -> m.group(1);
            };
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(words));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String oneLine(String value) {
        return value.replaceAll("\\s+", " ").trim();
    }

    /** Errors collected while reading one file. */
    private static final class Context {
        final String source;
        final List<TopologyError> errors = new ArrayList<>();

        Context(String source) {
            this.source = source;
        }

        void error(Node node, String field, String message) {
            Position at = position(node);
            errors.add(new TopologyError(source, at.line(), at.column(), field, message));
        }

        /** A well-formed declaration that contradicts itself (see {@link TopologyError#semantic()}). */
        void contradiction(Node node, String field, String message) {
            Position at = position(node);
            errors.add(new TopologyError(source, at.line(), at.column(), field, message, true));
        }

        Position position(Node node) {
            Mark mark = node == null ? null : node.getStartMark().orElse(null);
            return new Position(source, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1);
        }

        void throwIfErrors() throws TopologyException {
            if (!errors.isEmpty()) {
                errors.sort(java.util.Comparator.comparingInt(TopologyError::line).thenComparingInt(TopologyError::column));
                throw new TopologyException(errors);
            }
        }
    }
}
