package io.strata.pipelines.sources.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGateTest {

    static final IngestOptions OPTIONS = new IngestOptions("b:1", "t", "127.0.0.1", 0, "/events", 1000, 10,
            List.of(), null, "TOKEN", "s3cret", 2000, 2);
    final RequestGate gate = new RequestGate(OPTIONS);

    Answer refusal(String method, String path, String type, String auth, long length) {
        RequestGate.Decision d = gate.decide(method, path, type, auth, length);
        assertThat(d).isInstanceOf(RequestGate.Refuse.class);
        return ((RequestGate.Refuse) d).answer();
    }

    @Test
    void aGoodPostIsReadInTheFormatOfItsContentType() {
        assertThat(gate.decide("POST", "/events", "application/json", "Bearer s3cret", 10))
                .isEqualTo(new RequestGate.Ingest(RequestGate.Format.JSON));
        assertThat(gate.decide("POST", "/events", "Application/JSON; charset=\"UTF-8\"", "bearer s3cret", -1))
                .isEqualTo(new RequestGate.Ingest(RequestGate.Format.JSON));
        assertThat(gate.decide("POST", "/events", "application/x-ndjson", "Bearer s3cret", 1000))
                .isEqualTo(new RequestGate.Ingest(RequestGate.Format.NDJSON));
        assertThat(gate.decide("POST", "/events", "application/ndjson", "Bearer s3cret", -1))
                .isEqualTo(new RequestGate.Ingest(RequestGate.Format.NDJSON));
    }

    @Test
    void theHealthCheckNeedsNoTokenAndOnlyGet() {
        assertThat(gate.decide("GET", "/health", null, null, -1)).isEqualTo(new RequestGate.Health());
        Answer post = refusal("POST", "/health", "application/json", null, 2);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
    }

    @Test
    void everyRefusalHasItsStatusAndAReason() {
        assertThat(refusal("POST", "/event", "application/json", "Bearer s3cret", 2))
                .isEqualTo(Answer.error(404, "no such path /event; events go to POST /events"));
        assertThat(refusal("PUT", "/events", "application/json", "Bearer s3cret", 2)).isEqualTo(Answer.error(405,
                "method PUT is not allowed on /events; use POST", Map.of("Allow", "POST")));
        assertThat(refusal("POST", "/events", "application/json", null, 2)).isEqualTo(Answer.error(401,
                "missing Authorization: Bearer <token>", Map.of("WWW-Authenticate", "Bearer")));
        assertThat(refusal("POST", "/events", "application/json", "Bearer s3cre", 2)).isEqualTo(Answer.error(401,
                "the bearer token is wrong", Map.of("WWW-Authenticate", "Bearer")));
        assertThat(refusal("POST", "/events", "application/json", "Basic s3cret", 2).status()).isEqualTo(401);
        assertThat(refusal("POST", "/events", "application/json", "Bearer s3cret", 1001)).isEqualTo(Answer.error(413,
                "request body is larger than the limit of 1000 bytes", Map.of("Connection", "close")));
        String valid = "; send application/json (an object or an array of objects) or application/x-ndjson "
                + "(one object a line), in UTF-8";
        assertThat(refusal("POST", "/events", "text/plain", "Bearer s3cret", 2))
                .isEqualTo(Answer.error(415, "Content-Type text/plain is not supported" + valid));
        assertThat(refusal("POST", "/events", null, "Bearer s3cret", 2))
                .isEqualTo(Answer.error(415, "missing Content-Type" + valid));
        assertThat(refusal("POST", "/events", "application/json; charset=latin1", "Bearer s3cret", 2))
                .isEqualTo(Answer.error(415, "charset latin1 is not supported" + valid));
    }

    @Test
    void withoutATokenOptionNoAuthorizationIsAsked() {
        RequestGate open = new RequestGate(new IngestOptions("b:1", "t", "127.0.0.1", 0, "/in", 1000, 10, List.of(),
                null, null, null, 2000, 2));

        assertThat(open.decide("POST", "/in", "application/json", null, 5)).isEqualTo(new RequestGate.Ingest(RequestGate.Format.JSON));
    }
}
