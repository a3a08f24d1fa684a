package dev.trustmap.scanner.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyParserTest {
    private final TopologyParser parser = new TopologyParser();

    static byte[] fixture(String name) {
        try (InputStream in = TopologyParserTest.class.getResourceAsStream("/topology/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    @Test
    void readsTheBriefsExampleIncludingTheCombinedOrderingAndDeliveryForm() throws Exception {
        TopologyFile file = parser.parse("checkout-api.yaml", fixture("checkout-api.yaml"));
        ServiceTopology service = file.services().get(0);
        assertThat(service.service()).isEqualTo("checkout-api");
        assertThat(service.tier()).isEqualTo("critical");
        assertThat(service.regions()).containsExactly("primary-us", "secondary-eu");
        assertThat(service.dependencies()).extracting(DependencySpec::name)
                .containsExactly("auth-token-service", "payment-gateway", "webhook-dispatch");
        DependencySpec payment = service.dependencies().get(1);
        assertThat(payment.provider()).isEqualTo("stripe");
        assertThat(payment.capability()).isEqualTo("payment");
        assertThat(payment.crossRegion()).isFalse();
        assertThat(payment.criticality()).as("defaults to the service tier").isEqualTo("critical");
        assertThat(payment.position().line()).isEqualTo(11);
        DependencySpec webhook = service.dependencies().get(2);
        assertThat(webhook.orderingGuarantee()).isEqualTo("partition-ordered");
        assertThat(webhook.delivery()).isEqualTo("at-least-once");
        assertThat(webhook.mode()).isEqualTo("async");
    }

    @Test
    void readsSeveralDocumentsAndJsonLists() throws Exception {
        TopologyFile yaml = parser.parse("clean.yaml", fixture("clean.yaml"));
        assertThat(yaml.services()).extracting(ServiceTopology::service).containsExactly("a", "b", "c");
        DependencySpec mail = yaml.services().get(2).dependencies().get(0);
        assertThat(mail.quota()).containsEntry("eu", "100 rps").containsEntry("us", "50");
        assertThat(mail.timeoutMs()).isEqualTo(2000);
        assertThat(mail.mode()).isEqualTo("sync");
        TopologyFile json = parser.parse("clean.json", fixture("clean.json"));
        DependencySpec queue = json.services().get(0).dependencies().get(0);
        assertThat(queue.delivery()).isEqualTo("at-least-once");
        assertThat(queue.idempotency()).isEqualTo("key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "unknown-key.yaml|3|1|colour|unknown key 'colour'",
        "unknown-key.yaml|8|5|dependencies[0].stars|unknown key 'stars'",
        "duplicate-key.yaml|3|1|owner|duplicate key 'owner'",
        "invalid-values.yaml|2|7|tier|'gold' is not one of critical, high, standard",
        "invalid-values.yaml|5|15|dependencies[0].capability|must name the capability",
        "invalid-values.yaml|6|11|dependencies[0].mode|'sometimes' is not one of async, sync",
        "invalid-values.yaml|8|15|dependencies[1].provider|either a provider or a service",
        "invalid-values.yaml|11|5|dependencies[2].name|used more than once",
        "syntax-error.yaml|4|1|(document)|invalid YAML",
        "alias-bomb.yaml|1|1|(document)|aliases",
        "self-dependency.yaml|10|14|critical_dependencies[1].service|service 'ledger' depends on itself"})
    void refusesBadFilesNamingLineColumnAndField(String file, int line, int column, String field, String message) {
        assertThatThrownBy(() -> parser.parse(file, fixture(file)))
                .isInstanceOfSatisfying(TopologyException.class, e -> assertThat(e.errors()).anySatisfy(error -> {
                    assertThat(error.file()).isEqualTo(file);
                    assertThat(error.field()).isEqualTo(field);
                    assertThat(error.message()).contains(message);
                    if (!file.equals("alias-bomb.yaml") && !file.equals("syntax-error.yaml")) {
                        assertThat(error.line()).isEqualTo(line);
                        assertThat(error.column()).isEqualTo(column);
                    }
                }));
    }

    @Test
    void reportsEveryErrorOfAFileInOrder() {
        assertThatThrownBy(() -> parser.parse("invalid-values.yaml", fixture("invalid-values.yaml")))
                .isInstanceOfSatisfying(TopologyException.class, e -> {
                    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(5);
                    assertThat(e.errors()).isSortedAccordingTo(java.util.Comparator.comparingInt(TopologyError::line)
                            .thenComparingInt(TopologyError::column));
                });
    }

    @Test
    void neverInstantiatesTypesAndBoundsNestingAndSize() {
        byte[] tagged = "service: !!java.lang.Runtime a\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse("t.yaml", tagged)).isInstanceOfSatisfying(TopologyException.class,
                e -> assertThat(e.errors().get(0).message()).contains("tags"));
        byte[] deep = ("service: a\nowner: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse("deep.yaml", deep)).isInstanceOfSatisfying(TopologyException.class,
                e -> assertThat(e.errors().get(0).message()).contains("nested more than 64"));
        byte[] huge = ("service: a\nowner: \"" + "x".repeat(TopologyParser.MAX_BYTES) + "\"\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse("huge.yaml", huge)).isInstanceOfSatisfying(TopologyException.class,
                e -> assertThat(e.errors().get(0).message()).contains("larger than"));
    }

    @Test
    void aLongerCycleBetweenServicesIsAllowed() throws Exception {
        TopologyFile file = parser.parse("two-service-cycle.yaml", fixture("two-service-cycle.yaml"));
        assertThat(file.services()).extracting(ServiceTopology::service).containsExactly("ledger", "reconciler");
    }

    @Test
    void refusesASingleDependencyOnTheServiceItBelongsTo() throws Exception {
        byte[] self = "mode: sync\nservice: orders\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parseDependency("body", self, "orders"))
                .isInstanceOfSatisfying(TopologyException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("service");
                    assertThat(error.line()).isEqualTo(2);
                    assertThat(error.column()).isEqualTo(10);
                    assertThat(error.message()).contains("depends on itself");
                }));
        assertThat(parser.parseDependency("body", self, "billing").service()).isEqualTo("orders");
    }

    @Test
    void parsesSingleDependenciesForTheApi() throws Exception {
        DependencySpec json = parser.parseDependency("body",
                "{\"provider\":\"stripe\",\"capability\":\"payment\",\"cross_region\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.name()).isNull();
        assertThat(json.criticality()).isNull();
        assertThat(json.crossRegion()).isTrue();
        assertThatThrownBy(() -> parser.parseDependency("body", "cross_region: \"yes\"\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(TopologyException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("cross_region"));
        assertThatThrownBy(() -> parser.parseDependency("body", "- a\n- b\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TopologyException.class);
        assertThatThrownBy(() -> parser.parseDependency("body", "service: s\nrunbook: javascript:alert(1)\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(TopologyException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("runbook"));
    }
}
