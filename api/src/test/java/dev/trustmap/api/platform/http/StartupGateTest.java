package dev.trustmap.api.platform.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class StartupGateTest {

    /** A request for {@code path} (only what the gate reads is answered). */
    static ContainerRequestContext request(String path) {
        return request("GET", path);
    }

    static ContainerRequestContext request(String httpMethod, String path) {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(StartupGateTest.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getPath") && (args == null || args.length == 0)) {
                        return path;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(StartupGateTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getUriInfo")) {
                        return uri;
                    }
                    if (method.getName().equals("getMethod")) {
                        return httpMethod;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void everythingButLivenessWaitsUntilThePortalIsOpen() {
        StartupGate gate = new StartupGate();
        assertThatCode(() -> gate.filter(request("health/live"))).doesNotThrowAnyException();
        for (String path : new String[] {"health/ready", "api/v1/services", "metrics", ""}) {
            assertThatThrownBy(() -> gate.filter(request(path))).isInstanceOfSatisfying(ProblemException.class, e -> {
                org.assertj.core.api.Assertions.assertThat(e.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
                org.assertj.core.api.Assertions.assertThat(e.headers()).containsEntry("Retry-After", "1");
            });
        }
        gate.open();
        assertThatCode(() -> gate.filter(request("api/v1/services"))).doesNotThrowAnyException();
        assertThatCode(() -> gate.filter(request("health/ready"))).doesNotThrowAnyException();
    }

    @Test
    void withoutItsDatabaseThePortalAnswersWhatNeedsNone() {
        StartupGate gate = new StartupGate();
        gate.openForOutage();
        for (String path : new String[] {"health/ready", "metrics", "api/v1/incident/providers/stripe", "api/v1/capabilities",
            "api/v1/openapi.json"}) {
            assertThatCode(() -> gate.filter(request(path))).as(path).doesNotThrowAnyException();
        }
        for (String[] refused : new String[][] {{"GET", "api/v1/services"}, {"POST", "api/v1/incident/providers/stripe"},
            {"PUT", "api/v1/openapi.json"}}) {
            assertThatThrownBy(() -> gate.filter(request(refused[0], refused[1]))).as(refused[1])
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        org.assertj.core.api.Assertions.assertThat(e.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
                        org.assertj.core.api.Assertions.assertThat(e.headers()).containsEntry("Retry-After", "5");
                    });
        }
    }
}
