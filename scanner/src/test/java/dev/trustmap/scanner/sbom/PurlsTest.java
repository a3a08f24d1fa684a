package dev.trustmap.scanner.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.packageurl.MalformedPackageURLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PurlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1?type=jar|pkg:maven/org.apache.logging.log4j/log4j-core|pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1|",
        "pkg:maven/io.netty/netty-transport@4.1.100.Final?classifier=linux-x86_64&type=jar|pkg:maven/io.netty/netty-transport|pkg:maven/io.netty/netty-transport@4.1.100.Final?classifier=linux-x86_64|classifier=linux-x86_64",
        "pkg:npm/%40babel/core@7.22.0|pkg:npm/%40babel/core|pkg:npm/%40babel/core@7.22.0|",
        "pkg:NPM/lodash@4.17.21#sub/path|pkg:npm/lodash|pkg:npm/lodash@4.17.21|"})
    void normalisesToPackageAndVersionIdentity(String raw, String packagePurl, String versionPurl, String qualifiers)
            throws Exception {
        Purls.Normalised purl = Purls.normalise(raw);
        assertThat(purl.packagePurl()).isEqualTo(packagePurl);
        assertThat(purl.versionPurl()).isEqualTo(versionPurl);
        assertThat(purl.qualifiers()).isEqualTo(qualifiers == null ? "" : qualifiers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "lodash@1.0.0", "pkg:", "pkg:npm", "http://example.com/x"})
    void rejectsWhatIsNotAPackageUrl(String raw) {
        assertThatThrownBy(() -> Purls.normalise(raw)).isInstanceOf(MalformedPackageURLException.class);
    }
}
