package io.realtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every kit's builder accepts and refuses before it starts a container. */
class ServerBuilderTest {

    /** A kit's builder reduced to what the shared part decides: {@code start} only validates. */
    static final class Options extends ServerBuilder<Options, ContainerServer> {
        @Override
        public ContainerServer start() {
            validate();
            throw new UnsupportedOperationException("no container here");
        }
    }

    @TempDir
    Path directory;

    @Test
    void aWarComesAloneWithoutServicesStaticFilesOrUsers() throws Exception {
        Path war = Files.createDirectories(directory.resolve("app"));
        assertThatThrownBy(() -> new Options().war(war).users("alice").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("users are for programmatic deployments");
        assertThatThrownBy(() -> new Options().war(war).services(Object.class).start())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Options().war(war).staticFiles(directory).start())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Options().war(war).start()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void usersAreKeptInOrderForTheKit() {
        Options options = new Options().users("alice").users("bob", "carol");
        assertThat(options.userList()).containsExactly("alice", "bob", "carol");
        assertThat(new Options().userList()).isEmpty();
    }

    @Test
    void badValuesAreRefusedAtOnce() {
        assertThatThrownBy(() -> new Options().port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Options().war(directory.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No WAR at");
        assertThatThrownBy(() -> new Options().staticFiles(directory.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
