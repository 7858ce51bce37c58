package io.realtime.conformance.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

/** The conformance tests of this module run on the oldest supported Jackson, not on the build's. */
class JacksonVersionTest {

    @Test
    void theTestsRunOnTheOldestSupportedJackson() {
        String expected = System.getProperty("jackson.expected");
        assertThat(expected).isNotBlank();
        assertThat(new ObjectMapper().version().toString()).isEqualTo(expected);
        assertThat(new JavaTimeModule().version().toString()).isEqualTo(expected);
        assertThat(new Jdk8Module().version().toString()).isEqualTo(expected);
    }
}
