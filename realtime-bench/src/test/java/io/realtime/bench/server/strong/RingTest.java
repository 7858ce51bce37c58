package io.realtime.bench.server.strong;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RingTest {

    @Test
    void encodesEachMessageOnceForEveryTransport() {
        Ring ring = new Ring();
        Frame frame = ring.append("{\"a\":1}");
        assertThat(frame.offset()).isEqualTo(1);
        assertThat(text(frame.sse())).isEqualTo("id: 1\ndata: {\"a\":1}\n\n");
        assertThat(frame.text()).isEqualTo("{\"id\":\"1\",\"data\":{\"a\":1}}");
        assertThat(text(frame.answer())).isEqualTo("{\"cursor\":\"1\",\"events\":[{\"a\":1}]}");
        assertThat(ring.at(1)).isSameAs(frame);
        assertThat(ring.at(2)).isNull();
    }

    @Test
    void answersPollsFromTheirCursor() {
        Ring ring = new Ring();
        assertThat(text(ring.answer(-1))).isEqualTo("{\"cursor\":\"0\",\"events\":[]}");
        assertThat(ring.answer(0)).isNull(); // at the head: held
        ring.append("1");
        Frame second = ring.append("2");
        ring.append("3");
        assertThat(text(ring.answer(0))).isEqualTo("{\"cursor\":\"3\",\"events\":[1,2,3]}");
        assertThat(ring.answer(2)).isSameAs(ring.at(3).answer()); // the shared answer
        assertThat(second.answer()).isNotSameAs(ring.answer(2));
        assertThat(ring.answer(3)).isNull();
        assertThat(text(ring.answer(7))).isEqualTo("{\"cursor\":\"3\",\"events\":[]}"); // beyond the head
    }

    @Test
    void forgetsWhatFellOutAndResumesFromNowThen() {
        Ring ring = new Ring();
        for (int i = 1; i <= Ring.CAPACITY + 10; i++) {
            ring.append(String.valueOf(i));
        }
        long head = ring.head();
        assertThat(ring.at(5)).isNull();
        assertThat(ring.at(head).json()).isEqualTo(String.valueOf(head).getBytes(StandardCharsets.UTF_8));
        assertThat(ring.resume(5)).isEqualTo(head);
        assertThat(ring.resume(head - 3)).isEqualTo(head - 3);
        assertThat(ring.resume(-1)).isEqualTo(head);
        assertThat(text(ring.answer(5))).isEqualTo("{\"cursor\":\"" + head + "\",\"events\":[]}");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
