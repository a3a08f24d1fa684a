package dev.trustmap.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionOrderingTest {

    @ParameterizedTest(name = "{0}: {1} < {2}")
    @CsvSource({
        "maven,2.17.0,2.17.1",
        "maven,2.9.1,2.17.1",
        "maven,2.17.1-rc1,2.17.1",
        "maven,2.17.0-beta9,2.17.0",
        "maven,1.0-alpha-1,1.0",
        "maven,1.0-SNAPSHOT,1.0",
        "maven,4.1.99.Final,4.1.100.Final",
        "npm,1.9.0,1.10.0",
        "npm,1.0.0-alpha,1.0.0-alpha.1",
        "npm,1.0.0-alpha.1,1.0.0-beta",
        "npm,1.0.0-rc.1,1.0.0",
        "npm,4.17.20,4.17.21",
        "pypi,1.9,1.10"})
    void ordersVersionsTheWayTheEcosystemDoes(String ecosystem, String lower, String higher) {
        Comparator<String> order = VersionOrdering.forEcosystem(ecosystem);
        assertThat(order.compare(lower, higher)).isNegative();
        assertThat(order.compare(higher, lower)).isPositive();
        assertThat(order.compare(higher, higher)).isZero();
    }

    @ParameterizedTest
    @CsvSource({"maven,1.0,1.0.0", "npm,1.0.0+build.5,1.0.0", "npm,v2.0.0,2.0.0"})
    void treatsEquivalentSpellingsAsEqual(String ecosystem, String a, String b) {
        assertThat(VersionOrdering.forEcosystem(ecosystem).compare(a, b)).isZero();
    }
}
