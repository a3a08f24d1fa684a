package dev.trustmap.policy.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.evidence.ReleaseFact;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** No input type of the model has anywhere to put popularity. */
class PopularityBlindModelTest {
    static final List<String> POPULARITY = List.of("star", "download", "dependent", "fork", "watch", "popular", "rank");

    @Test
    void noInputRecordHasAPopularityField() {
        List<String> fields = new ArrayList<>();
        for (Class<?> type : List.of(PackageEvidence.class, Signal.class, RegistryFacts.class, ReleaseFact.class)) {
            for (RecordComponent c : type.getRecordComponents()) {
                fields.add(type.getSimpleName() + "." + c.getName());
            }
        }
        assertThat(fields).hasSizeGreaterThan(20);
        assertThat(fields).noneMatch(f -> POPULARITY.stream().anyMatch(p -> f.toLowerCase(Locale.ROOT).contains(p)));
    }
}
