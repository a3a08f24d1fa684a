package dev.trustmap.scanner.evidence;

/**
 * Base URLs of the registries (no trailing slash). Replaceable for mirrors and for tests that
 * replay recorded answers.
 */
public record RegistryEndpoints(String mavenCentral, String npm) {

    public static RegistryEndpoints publicRegistries() {
        return new RegistryEndpoints("https://repo1.maven.org/maven2", "https://registry.npmjs.org");
    }

    public RegistryEndpoints {
        mavenCentral = strip(mavenCentral);
        npm = strip(npm);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
