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
    @ValueSource(strings = {"", "   ", "lodash@1.0.0", "pkg:", "pkg:npm", "http://example.com/x",
        "pkg:npm/a%zz@1", "pkg:npm/a%4@1", "pkg:npm/a@1%", "pkg:npm/a%G0@1"})
    void rejectsWhatIsNotAPackageUrl(String raw) {
        assertThatThrownBy(() -> Purls.normalise(raw)).isInstanceOf(MalformedPackageURLException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkg:npm/nulpkg%00x@1", "pkg:npm/tab%09x@1", "pkg:npm/a%0A@1", "pkg:npm/a%7F@1", "pkg:npm/a%C2%85@1",
        "pkg:npm/a\u0000b@1", "pkg:npm/ns%00/x@1", "pkg:npm/x@1%00", "pkg:npm/x@1?k=v%01", "pkg:npm/x@1%1F"})
    void refusesControlCharacters(String raw) {
        String purl = raw.replace("\\u0000", "\u0000");
        assertThatThrownBy(() -> Purls.normalise(purl)).isInstanceOf(MalformedPackageURLException.class)
                .hasMessageContaining("control character U+00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkg:npm/a%C0%AF@1", "pkg:npm/a%E0%80%AF@1", "pkg:npm/a%ED%A0%80@1", "pkg:npm/a%FF@1", "pkg:npm/a%E2%82@1",
        "pkg:npm/a%F4%90%80%80@1", "pkg:npm/a%C3@1"})
    void refusesEscapesThatAreNotStrictUtf8(String raw) {
        assertThatThrownBy(() -> Purls.normalise(raw)).isInstanceOf(MalformedPackageURLException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @org.junit.jupiter.api.Test
    void refusesUnpairedSurrogates() {
        assertThatThrownBy(() -> Purls.normalise("pkg:npm/a\uD800b@1")).isInstanceOf(MalformedPackageURLException.class)
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> Purls.normalise("pkg:npm/a@1\uDC00")).isInstanceOf(MalformedPackageURLException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pkg:npm/caf%C3%A9@2.0.0|pkg:npm/caf%C3%A9|pkg:npm/caf%C3%A9@2.0.0|café",
        "pkg:npm/caf%c3%a9@2.0.0|pkg:npm/caf%C3%A9|pkg:npm/caf%C3%A9@2.0.0|café",
        "pkg:npm/café@2.0.0|pkg:npm/caf%C3%A9|pkg:npm/caf%C3%A9@2.0.0|café",
        "pkg:npm/emoji%F0%9F%98%80@1|pkg:npm/emoji%F0%9F%98%80|pkg:npm/emoji%F0%9F%98%80@1|emoji\uD83D\uDE00",
        "pkg:npm/%40scope/sp%20ace@1.0.0|pkg:npm/%40scope/sp%20ace|pkg:npm/%40scope/sp%20ace@1.0.0|sp ace",
        "pkg:npm/per%25cent@1|pkg:npm/per%25cent|pkg:npm/per%25cent@1|per%cent",
        "pkg:maven/org.example/a%2Fb@1?classifier=x%20y|pkg:maven/org.example/a%2Fb|pkg:maven/org.example/a%2Fb@1?classifier=x%20y|a/b",
        "pkg:npm/x@1.0.0?k=caf%C3%A9|pkg:npm/x|pkg:npm/x@1.0.0?k=caf%C3%A9|x"})
    void keepsNonAsciiAndEscapedTextFaithfully(String raw, String packagePurl, String versionPurl, String name) throws Exception {
        Purls.Normalised purl = Purls.normalise(raw);
        assertThat(purl.packagePurl()).isEqualTo(packagePurl);
        assertThat(purl.versionPurl()).isEqualTo(versionPurl);
        assertThat(purl.name()).isEqualTo(name.replace("\\uD83D\\uDE00", "\uD83D\uDE00"));
        assertThat(Purls.normalise(purl.versionPurl())).as("the canonical form reads back as itself").isEqualTo(purl);
        assertThat(Purls.normalise(purl.packagePurl()).packagePurl()).isEqualTo(packagePurl);
    }
}
