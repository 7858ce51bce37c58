package io.realtime.internal.outbound;

import io.realtime.internal.Json;
import java.lang.System.Logger.Level;
import java.util.concurrent.Flow;

/**
 * Subscribes a connection to a per-client {@code Flow.Publisher}. Demand follows the connection's queue: it
 * requests what fits, and requests again once the writer has drained the queue to half, so a slow client
 * slows the publisher instead of growing memory (Reactive Streams §3.9: demand is always positive).
 */
final class PublisherSource implements Flow.Subscriber<Object> {

    private static final System.Logger LOG = System.getLogger(PublisherSource.class.getName());

    private final Feed feed;
    private final Json json;
    private Flow.Subscription subscription;
    private long outstanding;

    private PublisherSource(Feed feed, Json json) {
        this.feed = feed;
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    static void start(Object publisher, Feed feed, Json json) {
        ((Flow.Publisher<Object>) publisher).subscribe(new PublisherSource(feed, json));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        synchronized (this) {
            if (subscription != null) {
                s.cancel();
                return;
            }
            subscription = s;
        }
        feed.onClose(s::cancel);
        requestRoom();
    }

    private void requestRoom() {
        long n;
        synchronized (this) {
            n = Math.max(1, feed.room());
            outstanding += n;
        }
        subscription.request(n);
    }

    @Override
    public void onNext(Object item) {
        if (!feed.offer(Messages.of(json, item))) {
            subscription.cancel();
            return;
        }
        boolean exhausted;
        synchronized (this) {
            exhausted = --outstanding == 0;
        }
        if (exhausted) {
            feed.whenRoom(this::requestRoom);
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.WARNING, "A per-client publisher failed; closing its connection", failure);
        feed.close(Closing.FAILED);
    }

    @Override
    public void onComplete() {
        feed.close(Closing.END);
    }
}
